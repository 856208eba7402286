import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONSOLE_EXAMPLES, CONSOLE_PAGE_CSP_SOURCES, renderConsolePage } from '../../src/server/console-page.js';

interface ScriptBlock {
  readonly attrs: string;
  readonly text: string;
}

function scriptBlocks(html: string): ScriptBlock[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1] ?? '', text: m[2] ?? '' }));
}

function executableScript(html: string): string {
  const scripts = scriptBlocks(html).filter((s) => !/type=/.test(s.attrs));
  expect(scripts).toHaveLength(1);
  return scripts[0]!.text;
}

function configData(html: string): { endpoint: string; defaultQuery: string; examples: { name: string; query: string }[] } {
  const block = scriptBlocks(html).find((s) => s.attrs.includes('id="ragway-console-data"'));
  expect(block).toBeDefined();
  return JSON.parse(block!.text) as { endpoint: string; defaultQuery: string; examples: { name: string; query: string }[] };
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('renderConsolePage', () => {
  const html = renderConsolePage({});

  it('is one complete HTML document titled "ragway console"', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>ragway console</title>');
    expect(html.match(/<html[\s>]/g)).toHaveLength(1);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('references nothing outside the page, so it works offline', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\/\/cdn/i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/<link[^>]+href="(?!data:)/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toMatch(/default-src &#39;none&#39;/);
  });

  it('contains the endpoint, defaulting to /graphql', () => {
    expect(html).toContain('/graphql');
    expect(configData(html).endpoint).toBe('/graphql');

    const custom = renderConsolePage({ endpoint: '/api/gql' });
    expect(custom).toContain('POST /api/gql');
    expect(configData(custom).endpoint).toBe('/api/gql');
  });

  it('posts JSON with the apollo-require-preflight header', () => {
    const script = executableScript(html);
    expect(script).toContain("'apollo-require-preflight': 'true'");
    expect(script).toContain("'content-type': 'application/json'");
    expect(script).toContain("method: 'POST'");
  });

  it('embeds a defaultQuery containing </script> without breaking out of the script tag', () => {
    const defaultQuery = '# </script><script>alert(1)</script><!-- "quotes" & \u2028 \'single\'\nquery { __typename }';
    const page = renderConsolePage({ defaultQuery });

    expect(page).not.toContain('</script><script>alert(1)');
    expect(page).not.toContain('<!--');
    expect(page).toContain('\\u003c/script\\u003e');
    // Exactly the two script elements the page defines: the JSON data block and the program.
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(configData(page).defaultQuery).toBe(defaultQuery);
  });

  it('escapes an endpoint with markup in it', () => {
    const page = renderConsolePage({ endpoint: '/graphql?x="><img onerror=alert(1)>' });
    expect(page).not.toContain('<img');
    expect(page).toContain('POST /graphql?x=&quot;&gt;&lt;img onerror=alert(1)&gt;');
    expect(configData(page).endpoint).toBe('/graphql?x="><img onerror=alert(1)>');
  });

  it('has an inline script that parses', () => {
    const script = executableScript(html);
    expect(script.length).toBeGreaterThan(1000);
    expect(() => new Function(script)).not.toThrow();
  });

  it('allows its own inline script and style by hash in the CSP', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(sha256(executableScript(html))).toBe(CONSOLE_PAGE_CSP_SOURCES.script);
    expect(sha256(style)).toBe(CONSOLE_PAGE_CSP_SOURCES.style);
    const escapedScriptSource = CONSOLE_PAGE_CSP_SOURCES.script.replaceAll("'", '&#39;');
    expect(html).toContain(`script-src ${escapedScriptSource}`);
  });

  it('adds an absolute endpoint origin to connect-src', () => {
    const page = renderConsolePage({ endpoint: 'https://gw.example.org/graphql' });
    expect(page).toContain('connect-src &#39;self&#39; https://gw.example.org;');
  });

  it('offers the createCollection, ingestDocument and search examples', () => {
    const examples = configData(html).examples;
    expect(examples.map((e) => e.query)).toEqual(CONSOLE_EXAMPLES.map((e) => e.query));
    const all = examples.map((e) => e.query).join('\n');
    expect(all).toContain('createCollection(input: { name: "docs" })');
    expect(all).toContain('ingestDocument(');
    expect(all).toContain('content: "# ragway\\n\\nHybrid BM25 and vector search over your documents."');
    expect(all).toContain('search(input: { collection: "docs", query: "hybrid search", mode: HYBRID, limit: 5 })');
  });

  it('writes data into the DOM with textContent, never innerHTML', () => {
    const script = executableScript(html);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(script).toContain('textContent');
    expect(script).toContain('localStorage');
  });
});

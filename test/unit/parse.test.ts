import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { detectMimeType, parseDocument, type ParsedDocument } from '../../src/ingestion/parse.js';

function sectionTexts(parsed: ParsedDocument): { path: string[]; text: string }[] {
  return parsed.sections.map((section) => ({ path: section.headingPath, text: parsed.text.slice(section.start, section.end) }));
}

function errorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('markdown', () => {
  const markdown = [
    'Preamble line.',
    '',
    '# Guide',
    '',
    'Welcome to the [guide](https://example.com/guide) ![logo](logo.png).',
    '',
    '## Install',
    '',
    '### On Linux',
    '',
    '```sh',
    'apt-get install ragway',
    '```',
    '',
    '- run `ragway`',
    '- check \\*stars\\*',
    '',
    'On macOS',
    '--------',
    '',
    'Use brew.',
    '',
    '# Appendix',
    '',
    'The end.',
  ].join('\n');

  it('builds heading paths from ATX and setext headings by level', () => {
    expect(sectionTexts(parseDocument({ content: markdown, mimeType: 'text/markdown' }))).toEqual([
      { path: [], text: 'Preamble line.' },
      { path: ['Guide'], text: 'Guide\n\nWelcome to the guide logo.' },
      { path: ['Guide', 'Install'], text: 'Install' },
      { path: ['Guide', 'Install', 'On Linux'], text: 'On Linux\n\n```sh\napt-get install ragway\n```\n\n- run `ragway`\n- check *stars*' },
      { path: ['Guide', 'On macOS'], text: 'On macOS\n\nUse brew.' },
      { path: ['Appendix'], text: 'Appendix\n\nThe end.' },
    ]);
  });

  it('takes the first level-1 heading as title', () => {
    expect(parseDocument({ content: markdown, mimeType: 'text/markdown' }).title).toBe('Guide');
  });

  it('leaves only separators between sections', () => {
    const parsed = parseDocument({ content: markdown, mimeType: 'text/markdown' });
    parsed.sections.forEach((section, index) => {
      const next = parsed.sections[index + 1];
      if (next !== undefined) expect(parsed.text.slice(section.end, next.start)).toBe('\n\n');
    });
    expect(parsed.sections[0]?.start).toBe(0);
    expect(parsed.sections.at(-1)?.end).toBe(parsed.text.length);
  });

  it('drops YAML front matter, taking its title', () => {
    const parsed = parseDocument({ content: '---\ntitle: "Field guide"\ntags: [a]\n---\n# Heading\n\nBody.', mimeType: 'text/markdown' });
    expect(parsed.title).toBe('Field guide');
    expect(parsed.text).toBe('Heading\n\nBody.');
  });

  it('uses plain text of inline markup in heading paths', () => {
    const parsed = parseDocument({ content: '# Use `ragway` with [Postgres](https://postgresql.org)\n\nText.', mimeType: 'text/markdown' });
    expect(parsed.sections[0]?.headingPath).toEqual(['Use ragway with Postgres']);
  });
});

describe('html', () => {
  const html = `<!doctype html><html><head><title> Ragway  &amp; friends </title>
    <style>body { color: red }</style><script>window.secret = 1</script></head>
    <body><nav><a href="/">Home</a> | <a href="/docs">Docs</a></nav>
    <h1>Manual</h1><p>Read <a href="https://example.com">this</a> first.</p>
    <h2>Setup</h2><p>Install it.</p><noscript>Enable JavaScript</noscript>
    <h3>Linux</h3><ul><li>apt</li><li>snap</li></ul>
    <h2>Usage</h2><p>Query it.</p></body></html>`;

  it('builds heading paths from h1/h2/h3', () => {
    expect(sectionTexts(parseDocument({ content: html, mimeType: 'text/html' }))).toEqual([
      { path: ['Manual'], text: 'Manual\n\nRead this first.' },
      { path: ['Manual', 'Setup'], text: 'Setup\n\nInstall it.' },
      { path: ['Manual', 'Setup', 'Linux'], text: expect.stringMatching(/^Linux\n\n-\s+apt\n-\s+snap$/) },
      { path: ['Manual', 'Usage'], text: 'Usage\n\nQuery it.' },
    ]);
  });

  it('drops script, style, nav and noscript', () => {
    const { text } = parseDocument({ content: html, mimeType: 'text/html' });
    for (const dropped of ['color: red', 'window.secret', 'Home', 'Docs', 'Enable JavaScript']) expect(text).not.toContain(dropped);
  });

  it('extracts <title> with entities decoded and whitespace collapsed', () => {
    expect(parseDocument({ content: html, mimeType: 'text/html' }).title).toBe('Ragway & friends');
  });

  it('keeps characters turndown escaped as literal text', () => {
    const { text } = parseDocument({ content: '<p># not a heading, 1. not a list, *not emphasis*</p>', mimeType: 'text/html' });
    expect(text).toBe('# not a heading, 1. not a list, *not emphasis*');
  });
});

describe('normalisation', () => {
  it('turns CRLF into LF, trims trailing blanks and collapses long blank runs', () => {
    const { text } = parseDocument({ content: 'one  \r\ntwo\t\r\n\r\n\r\n\r\n\r\n\r\nthree\r\n', mimeType: 'text/plain' });
    expect(text).toBe('one\ntwo\n\n\nthree');
  });

  it('composes to NFC', () => {
    const decomposed = 'Cafe\u0301 \u1100\u1161\u11A8';
    const { text } = parseDocument({ content: decomposed, mimeType: 'text/plain' });
    expect(text).toBe('Caf\u00E9 \uAC01');
    expect(text).toBe(text.normalize('NFC'));
  });

  it('strips control characters but keeps tabs and newlines', () => {
    const { text } = parseDocument({ content: '\uFEFFa\u0000b\u0007c\td\u007F\ne\u009B', mimeType: 'text/plain' });
    expect(text).toBe('abc\td\ne');
  });

  it('gives plain text one section with an empty heading path', () => {
    const parsed = parseDocument({ content: '# not a heading\n\nbody', mimeType: 'text/plain' });
    expect(parsed.sections).toEqual([{ headingPath: [], start: 0, end: parsed.text.length }]);
    expect(parsed.title).toBeUndefined();
  });

  it.each([
    ['text/plain', ' \r\n\t\u0000 \n'],
    ['text/markdown', '\n\n---\n\n![](only-an-image.png)\n'],
    ['text/html', '<html><head><script>x()</script></head><body> </body></html>'],
  ] as const)('rejects %s content that is empty after normalisation', (mimeType, content) => {
    const error = errorOf(() => parseDocument({ content, mimeType }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('document content is empty');
  });
});

describe('detectMimeType', () => {
  it.each([
    [undefined, 'text/markdown; charset=utf-8', 'text/markdown'],
    [undefined, 'TEXT/HTML', 'text/html'],
    ['notes.md', undefined, 'text/markdown'],
    ['README.Markdown', 'application/octet-stream', 'text/markdown'],
    ['page.htm', 'text/plain', 'text/html'],
    ['page.txt', 'text/html', 'text/html'],
    ['notes.txt', '', 'text/plain'],
    [undefined, 'text/plain', 'text/plain'],
  ])('maps name %s and declared %s to %s', (name, declared, expected) => {
    expect(detectMimeType(name, declared)).toBe(expected);
  });

  it.each([
    ['report.pdf', 'application/pdf'],
    ['file.constructor', 'toString'],
    [undefined, undefined],
  ])('rejects name %s declared %s, listing the supported types', (name, declared) => {
    const error = errorOf(() => detectMimeType(name, declared));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('text/markdown');
  });
});

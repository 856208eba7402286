/**
 * A self-contained GraphQL query console, served for a browser GET of the GraphQL endpoint.
 *
 * Apollo's default landing page loads its sandbox from a CDN, which does nothing on an offline machine. This page has
 * no external references at all: inline CSS, inline vanilla JS, system fonts, and a meta Content-Security-Policy
 * (`default-src 'none'`, hashed script and style) so the browser itself refuses anything that would reach the network
 * other than the GraphQL endpoint.
 *
 * Data reaches the script only through a `type="application/json"` block whose `<`, `>` and `&` are escaped as
 * `\u003c`, `\u003e` and `\u0026`, so no value can close the tag; the script writes every value into the DOM with
 * `textContent`.
 *
 * If the server also sends a CSP header, it must allow this page's inline script and style: browsers enforce both
 * policies. `CONSOLE_PAGE_CSP_SOURCES` has the hash sources to add.
 */
import { createHash } from 'node:crypto';

export interface ConsoleExample {
  /** Label in the examples dropdown. */
  readonly name: string;
  readonly query: string;
  /** Variables JSON text put in the variables editor with the example. */
  readonly variables: string;
}

export interface ConsolePageOptions {
  /** Where the console POSTs operations; relative to the page or absolute. Default `/graphql`. */
  readonly endpoint?: string;
  /** Query shown when the browser has no query remembered from an earlier visit. */
  readonly defaultQuery?: string;
}

export const DEFAULT_CONSOLE_QUERY = [
  '# Welcome to the ragway console.',
  '#',
  '# Pick an operation from Examples, or click a field',
  '# in the schema sidebar to get a skeleton.',
  '# Run with Ctrl+Enter (Cmd+Enter on a Mac).',
  '',
  'query Ping {',
  '  __typename',
  '}',
  '',
].join('\n');

export const CONSOLE_EXAMPLES: readonly ConsoleExample[] = [
  {
    name: 'Create a collection (createCollection)',
    query: [
      'mutation CreateCollection {',
      '  createCollection(input: { name: "docs" }) {',
      '    id',
      '    name',
      '    textSearchConfig',
      '    chunkSize',
      '    chunkOverlap',
      '  }',
      '}',
      '',
    ].join('\n'),
    variables: '{}',
  },
  {
    name: 'Ingest a document (ingestDocument)',
    query: [
      'mutation Ingest {',
      '  ingestDocument(',
      '    input: {',
      '      collection: "docs"',
      '      externalId: "intro"',
      '      title: "Intro"',
      '      mimeType: "text/markdown"',
      '      content: "# ragway\\n\\nHybrid BM25 and vector search over your documents."',
      '      metadata: { lang: "en" }',
      '    }',
      '  ) {',
      '    status',
      '    chunkCount',
      '    document {',
      '      id',
      '      externalId',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
    variables: '{}',
  },
  {
    name: 'Hybrid search (search)',
    query: [
      'query Search {',
      '  search(input: { collection: "docs", query: "hybrid search", mode: HYBRID, limit: 5 }) {',
      '    tookMs',
      '    hits {',
      '      score',
      '      bm25Score',
      '      vectorScore',
      '      bm25Rank',
      '      vectorRank',
      '      highlight',
      '      chunk {',
      '        content',
      '        headingPath',
      '        document {',
      '          externalId',
      '          title',
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
    variables: '{}',
  },
];

const CONSOLE_CSS = String.raw`
:root {
  color-scheme: light dark;
  --bg: #f4f5f7;
  --panel: #ffffff;
  --panel-2: #f9fafb;
  --border: #d8dce2;
  --text: #1c1f24;
  --muted: #5f6b7a;
  --accent: #2457d6;
  --accent-hover: #1c46b0;
  --accent-text: #ffffff;
  --focus: #2457d680;
  --error: #b42318;
  --error-bg: #fef3f2;
  --ok: #067647;
  --ok-bg: #ecfdf3;
  --warn: #a15c07;
  --warn-bg: #fffaeb;
  --j-key: #1f4fbf;
  --j-str: #0b7a4b;
  --j-num: #b45309;
  --j-bool: #7c3aed;
  --j-null: #6b7280;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1014;
    --panel: #161920;
    --panel-2: #1b1f27;
    --border: #2b313c;
    --text: #e4e7eb;
    --muted: #97a1b0;
    --accent: #3b74f0;
    --accent-hover: #5a8cf5;
    --focus: #3b74f080;
    --error: #f97066;
    --error-bg: #2a1613;
    --ok: #47cd89;
    --ok-bg: #10251a;
    --warn: #fdb022;
    --warn-bg: #2a2110;
    --j-key: #8fb8ff;
    --j-str: #7ee2a8;
    --j-num: #fdba74;
    --j-bool: #c4b5fd;
    --j-null: #9ca3af;
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; }
body {
  display: flex;
  flex-direction: column;
  background: var(--bg);
  color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
button, select, input, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.topbar {
  display: flex; align-items: center; gap: 12px;
  padding: 8px 14px;
  background: var(--panel);
  border-bottom: 1px solid var(--border);
}
.topbar h1 { margin: 0; font-size: 16px; font-weight: 650; letter-spacing: 0.01em; white-space: nowrap; }
.topbar h1 span { color: var(--muted); font-weight: 500; }
.endpoint {
  font-family: var(--mono); font-size: 12px;
  padding: 2px 8px; border: 1px solid var(--border); border-radius: 999px;
  color: var(--muted); background: var(--panel-2);
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0;
}
.spacer { flex: 1; }
select, .btn {
  height: 32px; padding: 0 12px;
  border: 1px solid var(--border); border-radius: 6px;
  background: var(--panel-2); cursor: pointer;
}
select { padding-right: 8px; max-width: 250px; }
.btn:hover, select:hover { border-color: var(--muted); }
.btn.primary {
  min-width: 92px; font-weight: 600;
  background: var(--accent); border-color: var(--accent); color: var(--accent-text);
}
.btn.primary:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
.btn.primary.running { background: var(--panel-2); border-color: var(--border); color: var(--text); }
.btn.small { height: 26px; padding: 0 8px; font-size: 12px; }
.btn .kbd { font-weight: 400; opacity: 0.8; font-size: 12px; margin-left: 6px; }
main {
  flex: 1; min-height: 0;
  display: grid;
  grid-template-columns: 290px minmax(0, 1fr) minmax(0, 1fr);
}
.pane {
  position: relative;
  display: flex; flex-direction: column; min-height: 0; min-width: 0;
  background: var(--panel);
  border-right: 1px solid var(--border);
}
.pane:last-child { border-right: 0; }
.pane-head {
  display: flex; align-items: center; gap: 8px;
  min-height: 38px; padding: 6px 12px;
  border-bottom: 1px solid var(--border);
  background: var(--panel-2);
  font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
}
.pane-head .hint { margin-left: auto; font-weight: 400; text-transform: none; letter-spacing: 0; }
.pane-head .head-actions { margin-left: auto; text-transform: none; letter-spacing: 0; }
textarea.code {
  display: block; width: 100%; margin: 0; padding: 10px 12px;
  border: 0; border-radius: 0; resize: none;
  background: var(--panel); color: var(--text);
  font-family: var(--mono); font-size: 13px; line-height: 1.5;
  tab-size: 2; white-space: pre; overflow: auto;
}
textarea.code:focus-visible { outline: 2px solid var(--focus); outline-offset: -2px; }
textarea.code[aria-invalid="true"] { box-shadow: inset 3px 0 0 var(--error); }
#query { flex: 1 1 auto; min-height: 120px; }
.subtabs {
  display: flex; align-items: stretch; gap: 2px;
  border-top: 1px solid var(--border); border-bottom: 1px solid var(--border);
  background: var(--panel-2); padding: 0 8px;
}
.subtabs [role="tab"] {
  flex: 0 0 auto; white-space: nowrap;
  border: 0; background: none; cursor: pointer;
  padding: 7px 10px 6px; border-bottom: 2px solid transparent;
  font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
}
.subtabs [role="tab"][aria-selected="true"] { color: var(--text); border-bottom-color: var(--accent); }
.subtabs [role="tab"].invalid::after { content: " \25CF"; color: var(--error); }
.json-message {
  margin-left: auto; align-self: center; padding-left: 8px;
  color: var(--error); font-size: 12px;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0;
}
.subpanel { flex: 0 0 34%; min-height: 90px; display: flex; flex-direction: column; }
.subpanel textarea.code { flex: 1; }
.remember {
  display: flex; align-items: center; gap: 6px;
  padding: 5px 12px; border-top: 1px solid var(--border);
  font-size: 12px; color: var(--muted);
}
.status { display: flex; align-items: center; gap: 10px; margin-left: auto; text-transform: none; letter-spacing: 0; font-weight: 400; }
.status .badge { padding: 1px 8px; border-radius: 999px; font-weight: 600; font-family: var(--mono); font-size: 12px; }
.status.ok .badge { color: var(--ok); background: var(--ok-bg); }
.status.warn .badge { color: var(--warn); background: var(--warn-bg); }
.status.error .badge { color: var(--error); background: var(--error-bg); }
.status.pending .badge, .status.info .badge { color: var(--muted); background: var(--bg); }
.status .errors { color: var(--warn); }
.result {
  flex: 1; min-height: 0; margin: 0; padding: 10px 12px; overflow: auto;
  font-family: var(--mono); font-size: 13px; line-height: 1.5;
  white-space: pre; tab-size: 2;
}
.result.placeholder { color: var(--muted); font-family: inherit; white-space: pre-wrap; }
.result.notice { white-space: pre-wrap; font-family: inherit; }
.result.notice.error { color: var(--error); }
.j-key { color: var(--j-key); }
.j-str { color: var(--j-str); }
.j-num { color: var(--j-num); }
.j-bool { color: var(--j-bool); }
.j-null { color: var(--j-null); }
.schema-tools { padding: 8px 10px; border-bottom: 1px solid var(--border); }
.schema-tools input {
  width: 100%; height: 30px; padding: 0 8px;
  border: 1px solid var(--border); border-radius: 6px; background: var(--panel-2);
}
.schema-status { padding: 8px 12px; color: var(--muted); font-size: 13px; }
.schema-status:empty { display: none; }
.schema-status.error { color: var(--error); }
.schema-list { flex: 1; min-height: 0; overflow: auto; padding-bottom: 12px; }
.schema-section h2 {
  position: sticky; top: 0; z-index: 1;
  margin: 0; padding: 8px 12px 4px;
  background: var(--panel);
  font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
}
.schema-section h2 .count { font-weight: 400; }
.schema-section ul { list-style: none; margin: 0; padding: 0 6px; }
.field {
  display: block; width: 100%; text-align: left; cursor: pointer;
  padding: 5px 6px; border: 0; border-radius: 5px; background: none;
  font-family: var(--mono); font-size: 12.5px; line-height: 1.4;
}
.field:hover { background: var(--panel-2); box-shadow: inset 0 0 0 1px var(--border); }
.field .fname { font-weight: 600; }
.field .punct { color: var(--muted); }
.field .tname { color: var(--j-key); }
.field .aname { color: var(--j-bool); }
.field .arg { display: block; padding-left: 14px; }
.field .fdesc {
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden;
  margin-top: 2px; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 12px; color: var(--muted);
}
@media (max-width: 960px) {
  main { display: flex; flex-direction: column; overflow: auto; }
  .pane { flex: 0 0 auto; border-right: 0; border-bottom: 1px solid var(--border); }
  .editor-pane { height: 560px; }
  .result-pane { height: 420px; }
  .schema-pane { order: 3; height: 420px; }
  .topbar .kbd, .pane-head .hint { display: none; }
}
`;

// The client script. It lives in String.raw so it reads as plain JS; it must contain no backtick and no "${".
const CONSOLE_SCRIPT = String.raw`
(() => {
  'use strict';

  const dataEl = document.getElementById('ragway-console-data');
  const config = JSON.parse((dataEl && dataEl.textContent) || '{}');
  const endpoint = typeof config.endpoint === 'string' && config.endpoint ? config.endpoint : '/graphql';
  const examples = Array.isArray(config.examples) ? config.examples : [];
  const STORE = 'ragway-console:';
  const MAX_HIGHLIGHT_CHARS = 300000;

  const byId = (id) => document.getElementById(id);
  const queryEl = byId('query');
  const variablesEl = byId('variables');
  const headersEl = byId('headers');
  const runBtn = byId('run');
  const examplesEl = byId('examples');
  const resultEl = byId('result');
  const statusEl = byId('status');
  const jsonMessageEl = byId('json-message');
  const rememberEl = byId('remember-headers');
  const schemaListEl = byId('schema-list');
  const schemaStatusEl = byId('schema-status');
  const schemaFilterEl = byId('schema-filter');
  const schemaReloadBtn = byId('schema-reload');
  const tabs = { variables: byId('tab-variables'), headers: byId('tab-headers') };
  const panels = { variables: byId('panel-variables'), headers: byId('panel-headers') };

  const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || '');
  const shortcut = (isMac ? '\u2318' : 'Ctrl') + '+Enter';

  // ---- small helpers -------------------------------------------------------------------------------------------

  const storage = {
    get(key) {
      try { return window.localStorage.getItem(STORE + key); } catch (e) { return null; }
    },
    set(key, value) {
      try { window.localStorage.setItem(STORE + key, value); } catch (e) { /* storage disabled or full */ }
    },
    remove(key) {
      try { window.localStorage.removeItem(STORE + key); } catch (e) { /* storage disabled */ }
    },
  };

  // Every piece of data goes into the DOM through textContent or a text node, never as markup.
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function errorMessage(err) {
    return err && typeof err.message === 'string' ? err.message : String(err);
  }

  function byteLength(text) {
    return new TextEncoder().encode(text).length;
  }

  function formatBytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
    return (n / (1024 * 1024)).toFixed(1) + ' MB';
  }

  // ---- editors -------------------------------------------------------------------------------------------------

  // Replace a range of a textarea through execCommand where it works, so the browser's undo stack keeps the edit.
  function replaceRange(ta, start, end, text) {
    ta.focus();
    let done = false;
    if (document.activeElement === ta) {
      ta.setSelectionRange(start, end);
      try { done = document.execCommand('insertText', false, text); } catch (e) { done = false; }
    }
    if (!done) {
      ta.setRangeText(text, start, end, 'end');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  function setEditorValue(ta, text) {
    if (ta.value === text) return;
    replaceRange(ta, 0, ta.value.length, text);
    ta.setSelectionRange(0, 0);
    ta.scrollTop = 0;
  }

  function indent(ta, outdent) {
    const value = ta.value;
    const start = ta.selectionStart;
    const end = ta.selectionEnd;
    if (!outdent && value.slice(start, end).indexOf('\n') === -1) {
      replaceRange(ta, start, end, '  ');
      return;
    }
    const lineStart = value.lastIndexOf('\n', start - 1) + 1;
    const blockEnd = end > start && value[end - 1] === '\n' ? end - 1 : end;
    const lines = value.slice(lineStart, blockEnd).split('\n');
    let firstDelta = 0;
    let totalDelta = 0;
    const changed = lines.map((line, i) => {
      let delta;
      let next;
      if (outdent) {
        const n = line.startsWith('  ') ? 2 : line.startsWith(' ') ? 1 : 0;
        delta = -n;
        next = line.slice(n);
      } else {
        delta = 2;
        next = '  ' + line;
      }
      if (i === 0) firstDelta = delta;
      totalDelta += delta;
      return next;
    });
    const replacement = changed.join('\n');
    if (replacement === value.slice(lineStart, blockEnd)) return;
    replaceRange(ta, lineStart, blockEnd, replacement);
    ta.setSelectionRange(Math.max(lineStart, start + firstDelta), Math.max(lineStart, end + totalDelta));
  }

  // Tab indents. Esc releases the next Tab so keyboard users can still leave the editor.
  let releaseTab = false;
  function onEditorKeydown(ev) {
    if (ev.key === 'Escape') { releaseTab = true; return; }
    if (ev.key === 'Tab' && !ev.altKey && !ev.ctrlKey && !ev.metaKey) {
      if (releaseTab) { releaseTab = false; return; }
      ev.preventDefault();
      indent(ev.currentTarget, ev.shiftKey);
      return;
    }
    if (ev.key !== 'Shift') releaseTab = false;
  }

  function parseJsonObject(text, label) {
    if (!text.trim()) return { ok: true, value: {} };
    let value;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { ok: false, error: label + ' are not valid JSON: ' + errorMessage(err) };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, error: label + ' must be a JSON object, like {"name": "value"}.' };
    }
    return { ok: true, value };
  }

  function parseHeaders(text) {
    const parsed = parseJsonObject(text, 'Headers');
    if (!parsed.ok) return parsed;
    const out = {};
    for (const name of Object.keys(parsed.value)) {
      const v = parsed.value[name];
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        return { ok: false, error: 'Headers: the value of "' + name + '" must be a string.' };
      }
      out[name] = String(v);
    }
    return { ok: true, value: out };
  }

  // Apollo's CSRF prevention rejects "simple" requests: a JSON content-type and apollo-require-preflight avoid that.
  function buildHeaders(extra) {
    const headers = new Headers({
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      'apollo-require-preflight': 'true',
    });
    for (const name of Object.keys(extra)) headers.set(name, extra[name]);
    return headers;
  }

  function setInvalid(ta, tab, invalid) {
    ta.setAttribute('aria-invalid', invalid ? 'true' : 'false');
    tab.classList.toggle('invalid', invalid);
  }

  function validateEditors() {
    const variables = parseJsonObject(variablesEl.value, 'Variables');
    const headers = parseHeaders(headersEl.value);
    setInvalid(variablesEl, tabs.variables, !variables.ok);
    setInvalid(headersEl, tabs.headers, !headers.ok);
    jsonMessageEl.textContent = !variables.ok ? variables.error : !headers.ok ? headers.error : '';
    return { variables, headers };
  }

  let validateTimer = 0;
  function scheduleValidate() {
    window.clearTimeout(validateTimer);
    validateTimer = window.setTimeout(validateEditors, 250);
  }

  function selectTab(name) {
    for (const key of Object.keys(tabs)) {
      const active = key === name;
      tabs[key].setAttribute('aria-selected', active ? 'true' : 'false');
      tabs[key].tabIndex = active ? 0 : -1;
      panels[key].hidden = !active;
    }
  }

  // With several operations in the document, run the one the cursor is in (or the last one above it).
  function findOperations(src) {
    const ops = [];
    let depth = 0;
    let parens = 0;
    let pending = false;
    let i = 0;
    const n = src.length;
    while (i < n) {
      const c = src[i];
      if (c === '#') {
        while (i < n && src[i] !== '\n') i++;
        continue;
      }
      if (c === '"') {
        if (src.startsWith('"""', i)) {
          const close = src.indexOf('"""', i + 3);
          i = close === -1 ? n : close + 3;
          continue;
        }
        i++;
        while (i < n && src[i] !== '"' && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      if (c === '(') { parens++; i++; continue; }
      if (c === ')') { parens = Math.max(0, parens - 1); i++; continue; }
      if (parens === 0 && c === '{') {
        if (depth === 0) {
          if (pending) pending = false;
          else ops.push({ start: i, name: null });
        }
        depth++;
        i++;
        continue;
      }
      if (parens === 0 && c === '}') { depth = Math.max(0, depth - 1); i++; continue; }
      if (depth === 0 && parens === 0 && /[_A-Za-z]/.test(c)) {
        const word = /^[_A-Za-z][_0-9A-Za-z]*/.exec(src.slice(i, i + 200))[0];
        if (word === 'query' || word === 'mutation' || word === 'subscription') {
          const rest = /^\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(src.slice(i + word.length, i + word.length + 200));
          ops.push({ start: i, name: rest && rest[1] ? rest[1] : null });
          pending = true;
        } else if (word === 'fragment') {
          pending = true;
        }
        i += word.length;
        continue;
      }
      i++;
    }
    return ops;
  }

  function pickOperationName(src, cursor) {
    const ops = findOperations(src);
    if (ops.length < 2) return undefined;
    let chosen = ops[0];
    for (const op of ops) if (op.start <= cursor) chosen = op;
    return chosen.name || undefined;
  }

  // ---- running operations --------------------------------------------------------------------------------------

  function setStatus(kind, parts) {
    clear(statusEl);
    statusEl.className = 'status ' + kind;
    parts.forEach((part, i) => statusEl.append(el('span', i === 0 ? 'badge' : part.className || 'meta', part.text)));
  }

  function showNotice(kind, message) {
    setStatus(kind, [{ text: kind === 'error' ? 'Not sent' : 'Note' }]);
    clear(resultEl);
    resultEl.className = 'result notice ' + kind;
    resultEl.textContent = message;
  }

  const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

  function renderJson(value) {
    const text = JSON.stringify(value, null, 2);
    clear(resultEl);
    resultEl.className = 'result';
    if (text.length > MAX_HIGHLIGHT_CHARS) {
      resultEl.textContent = text;
      return;
    }
    const frag = document.createDocumentFragment();
    let last = 0;
    let m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      if (m.index > last) frag.append(text.slice(last, m.index));
      if (m[1] !== undefined && m[2] !== undefined) {
        frag.append(el('span', 'j-key', m[1]), m[2]);
      } else {
        const cls = m[1] !== undefined ? 'j-str' : m[3] === 'null' ? 'j-null' : m[3] !== undefined ? 'j-bool' : 'j-num';
        frag.append(el('span', cls, m[0]));
      }
      last = TOKEN.lastIndex;
    }
    if (last < text.length) frag.append(text.slice(last));
    resultEl.append(frag);
    resultEl.scrollTop = 0;
  }

  function renderResponse(response, text, elapsed) {
    let parsed;
    let isJson = false;
    try {
      parsed = JSON.parse(text);
      isJson = true;
    } catch (e) {
      isJson = false;
    }
    const errorCount = isJson && parsed && Array.isArray(parsed.errors) ? parsed.errors.length : 0;
    const kind = !response.ok ? 'error' : errorCount > 0 ? 'warn' : 'ok';
    const parts = [
      { text: 'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '') },
      { text: elapsed + ' ms' },
      { text: formatBytes(byteLength(text)) },
    ];
    if (errorCount > 0) parts.push({ text: errorCount + (errorCount === 1 ? ' error' : ' errors'), className: 'meta errors' });
    setStatus(kind, parts);
    if (isJson) {
      renderJson(parsed);
    } else {
      clear(resultEl);
      resultEl.className = 'result';
      resultEl.textContent = text || '(empty response body)';
    }
  }

  let inFlight = null;

  function setRunning(running) {
    runBtn.classList.toggle('running', running);
    runBtn.firstChild.textContent = running ? 'Cancel' : 'Run';
    runBtn.setAttribute('aria-label', running ? 'Cancel the running request' : 'Run the operation');
  }

  async function run() {
    if (inFlight) {
      inFlight.abort();
      return;
    }
    const query = queryEl.value;
    if (!query.trim()) {
      showNotice('error', 'The query editor is empty. Write an operation, pick an example, or click a schema field.');
      queryEl.focus();
      return;
    }
    const { variables, headers } = validateEditors();
    if (!variables.ok) {
      selectTab('variables');
      showNotice('error', variables.error + '\n\nFix the variables editor and run again. Nothing was sent.');
      variablesEl.focus();
      return;
    }
    if (!headers.ok) {
      selectTab('headers');
      showNotice('error', headers.error + '\n\nFix the headers editor and run again. Nothing was sent.');
      headersEl.focus();
      return;
    }
    let requestHeaders;
    try {
      requestHeaders = buildHeaders(headers.value);
    } catch (err) {
      selectTab('headers');
      showNotice('error', 'Headers: ' + errorMessage(err) + '\n\nNothing was sent.');
      return;
    }
    const body = { query };
    if (Object.keys(variables.value).length > 0) body.variables = variables.value;
    const operationName = pickOperationName(query, queryEl.selectionStart);
    if (operationName) body.operationName = operationName;

    const controller = new AbortController();
    inFlight = controller;
    setRunning(true);
    setStatus('pending', [{ text: 'Running\u2026' }]);
    const started = performance.now();
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: requestHeaders,
        body: JSON.stringify(body),
        credentials: 'same-origin',
        signal: controller.signal,
      });
      const text = await response.text();
      renderResponse(response, text, Math.round(performance.now() - started));
    } catch (err) {
      const elapsed = Math.round(performance.now() - started);
      if (err && err.name === 'AbortError') {
        showNotice('info', 'Request cancelled after ' + elapsed + ' ms.');
      } else {
        showNotice('error', 'Request failed after ' + elapsed + ' ms: ' + errorMessage(err) +
          '\n\nIs the server running and reachable at ' + endpoint + '?');
      }
    } finally {
      inFlight = null;
      setRunning(false);
    }
  }

  // ---- schema sidebar ------------------------------------------------------------------------------------------

  const INTROSPECTION =
    'query RagwayConsoleSchema { __schema { queryType { name } mutationType { name } subscriptionType { name } ' +
    'types { kind name description fields { name description args { name description defaultValue type { ...TypeRef } } ' +
    'type { ...TypeRef } } inputFields { name defaultValue type { ...TypeRef } } enumValues { name } } } } ' +
    'fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ' +
    'ofType { kind name ofType { kind name ofType { kind name } } } } } } } }';

  let schema = null;

  function typeString(ref) {
    if (!ref) return '?';
    if (ref.kind === 'NON_NULL') return typeString(ref.ofType) + '!';
    if (ref.kind === 'LIST') return '[' + typeString(ref.ofType) + ']';
    return ref.name || '?';
  }

  function namedType(ref) {
    let t = ref;
    while (t && (t.kind === 'NON_NULL' || t.kind === 'LIST')) t = t.ofType;
    return t;
  }

  function isRequired(arg) {
    return arg.type && arg.type.kind === 'NON_NULL' && (arg.defaultValue === null || arg.defaultValue === undefined);
  }

  const MAX_SELECTION_LEVEL = 4;

  function selectionSet(typeName, level, path) {
    const type = schema.types.get(typeName);
    const pad = '  '.repeat(level + 1);
    const close = '  '.repeat(level) + '}';
    if (!type) return '';
    if (type.kind === 'UNION') return '{\n' + pad + '__typename\n' + close;
    if (type.kind !== 'OBJECT' && type.kind !== 'INTERFACE') return '';
    const lines = [];
    for (const field of type.fields || []) {
      if ((field.args || []).some(isRequired)) continue;
      const named = namedType(field.type);
      const target = named && schema.types.get(named.name);
      const kind = target ? target.kind : named && named.kind;
      if (kind === 'SCALAR' || kind === 'ENUM') {
        lines.push(pad + field.name);
      } else if (target && level < MAX_SELECTION_LEVEL && path.indexOf(target.name) === -1) {
        const sub = selectionSet(target.name, level + 1, path.concat(target.name));
        if (sub) lines.push(pad + field.name + ' ' + sub);
      }
    }
    if (lines.length === 0) lines.push(pad + '__typename');
    return '{\n' + lines.join('\n') + '\n' + close;
  }

  function placeholder(ref, depth) {
    if (!ref) return null;
    if (ref.kind === 'NON_NULL') return placeholder(ref.ofType, depth);
    if (ref.kind === 'LIST') return [];
    switch (ref.name) {
      case 'String': case 'ID': return '';
      case 'Int': case 'Float': return 0;
      case 'Boolean': return false;
      default: break;
    }
    const type = schema.types.get(ref.name);
    if (type && type.kind === 'ENUM') return type.enumValues && type.enumValues.length ? type.enumValues[0].name : null;
    if (type && type.kind === 'INPUT_OBJECT') {
      const out = {};
      if (depth > 4) return out;
      for (const f of type.inputFields || []) if (isRequired(f)) out[f.name] = placeholder(f.type, depth + 1);
      return out;
    }
    return null;
  }

  function insertSkeleton(keyword, rootTypeName, field) {
    const args = field.args || [];
    const opName = field.name.charAt(0).toUpperCase() + field.name.slice(1);
    const defs = args.map((a) => '$' + a.name + ': ' + typeString(a.type));
    const call = args.map((a) => a.name + ': $' + a.name);
    let text = keyword + ' ' + opName;
    if (defs.length > 0) text += defs.join(', ').length > 60 ? '(\n  ' + defs.join('\n  ') + '\n)' : '(' + defs.join(', ') + ')';
    text += ' {\n  ' + field.name;
    if (call.length > 0) text += call.join(', ').length > 60 ? '(\n    ' + call.join('\n    ') + '\n  )' : '(' + call.join(', ') + ')';
    const named = namedType(field.type);
    const sub = named ? selectionSet(named.name, 1, [rootTypeName, named.name]) : '';
    if (sub) text += ' ' + sub;
    text += '\n}\n';
    const vars = {};
    for (const a of args) if (isRequired(a)) vars[a.name] = placeholder(a.type, 0);
    setEditorValue(variablesEl, JSON.stringify(vars, null, 2));
    setEditorValue(queryEl, text);
    queryEl.focus();
    validateEditors();
    if (Object.keys(vars).length > 0) selectTab('variables');
  }

  function renderSchema() {
    clear(schemaListEl);
    if (!schema) return;
    const filter = schemaFilterEl.value.trim().toLowerCase();
    let shown = 0;
    for (const root of schema.roots) {
      const type = root.typeName ? schema.types.get(root.typeName) : null;
      if (!type || !type.fields) continue;
      const fields = type.fields.filter((f) => !filter ||
        f.name.toLowerCase().indexOf(filter) !== -1 ||
        typeString(f.type).toLowerCase().indexOf(filter) !== -1);
      if (fields.length === 0) continue;
      const section = el('section', 'schema-section');
      const heading = el('h2', null, root.label + ' ');
      heading.append(el('span', 'count', '(' + fields.length + ')'));
      section.append(heading);
      const list = el('ul');
      for (const field of fields) {
        const item = el('li');
        const btn = el('button', 'field');
        btn.type = 'button';
        btn.title = (field.description ? field.description + '\n\n' : '') + 'Click to insert a ' + root.keyword + ' skeleton';
        btn.append(el('span', 'fname', field.name), el('span', 'punct', ': '), el('span', 'tname', typeString(field.type)));
        for (const arg of field.args || []) {
          const line = el('span', 'arg');
          line.append(el('span', 'aname', arg.name), el('span', 'punct', ': '), el('span', 'tname', typeString(arg.type)));
          if (arg.defaultValue !== null && arg.defaultValue !== undefined) line.append(el('span', 'punct', ' = ' + arg.defaultValue));
          btn.append(line);
        }
        if (field.description) btn.append(el('span', 'fdesc', field.description));
        btn.addEventListener('click', () => insertSkeleton(root.keyword, type.name, field));
        item.append(btn);
        list.append(item);
        shown++;
      }
      section.append(list);
      schemaListEl.append(section);
    }
    schemaStatusEl.className = 'schema-status';
    schemaStatusEl.textContent = shown === 0 ? (filter ? 'No field matches "' + filter + '".' : 'The schema has no root fields.') : '';
  }

  let schemaRequest = 0;
  async function loadSchema() {
    const ticket = ++schemaRequest;
    schemaStatusEl.className = 'schema-status';
    schemaStatusEl.textContent = 'Loading schema\u2026';
    const parsed = parseHeaders(headersEl.value);
    let headers;
    try {
      headers = buildHeaders(parsed.ok ? parsed.value : {});
    } catch (e) {
      headers = buildHeaders({});
    }
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: INTROSPECTION, operationName: 'RagwayConsoleSchema' }),
        credentials: 'same-origin',
      });
      const text = await response.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new Error('HTTP ' + response.status + ' with a response that is not JSON');
      }
      const data = json && json.data && json.data.__schema;
      if (!data) {
        const first = json && Array.isArray(json.errors) && json.errors[0] && json.errors[0].message;
        throw new Error(first || 'HTTP ' + response.status);
      }
      if (ticket !== schemaRequest) return;
      const types = new Map();
      for (const t of data.types || []) types.set(t.name, t);
      schema = {
        types,
        roots: [
          { label: 'Query', keyword: 'query', typeName: data.queryType && data.queryType.name },
          { label: 'Mutation', keyword: 'mutation', typeName: data.mutationType && data.mutationType.name },
          { label: 'Subscription', keyword: 'subscription', typeName: data.subscriptionType && data.subscriptionType.name },
        ],
      };
      renderSchema();
    } catch (err) {
      if (ticket !== schemaRequest) return;
      schema = null;
      clear(schemaListEl);
      schemaStatusEl.className = 'schema-status error';
      schemaStatusEl.textContent = 'Could not load the schema: ' + errorMessage(err) +
        '. Introspection may be disabled on this server; operations still run.';
    }
  }

  // ---- wiring --------------------------------------------------------------------------------------------------

  byId('endpoint').textContent = 'POST ' + endpoint;
  byId('run-kbd').textContent = shortcut;
  byId('hint').textContent = 'Tab indents \u00b7 Esc, Tab leaves \u00b7 ' + shortcut + ' runs';
  resultEl.textContent = 'Press Run or ' + shortcut + ' to send the operation. The response appears here.';

  examples.forEach((example, i) => {
    const option = el('option', null, example.name);
    option.value = String(i);
    examplesEl.append(option);
  });
  examplesEl.addEventListener('change', () => {
    const example = examples[Number(examplesEl.value)];
    examplesEl.value = '';
    if (!example) return;
    setEditorValue(variablesEl, example.variables || '{}');
    setEditorValue(queryEl, example.query);
    queryEl.focus();
    validateEditors();
  });

  const storedQuery = storage.get('query');
  const storedVariables = storage.get('variables');
  queryEl.value = storedQuery !== null ? storedQuery : typeof config.defaultQuery === 'string' ? config.defaultQuery : '';
  variablesEl.value = storedVariables !== null ? storedVariables : '{}';
  rememberEl.checked = storage.get('remember-headers') === '1';
  headersEl.value = rememberEl.checked ? storage.get('headers') || '' : '';

  queryEl.addEventListener('input', () => storage.set('query', queryEl.value));
  variablesEl.addEventListener('input', () => {
    storage.set('variables', variablesEl.value);
    scheduleValidate();
  });
  headersEl.addEventListener('input', () => {
    if (rememberEl.checked) storage.set('headers', headersEl.value);
    scheduleValidate();
  });
  rememberEl.addEventListener('change', () => {
    if (rememberEl.checked) {
      storage.set('remember-headers', '1');
      storage.set('headers', headersEl.value);
    } else {
      storage.remove('remember-headers');
      storage.remove('headers');
    }
  });
  for (const ta of [queryEl, variablesEl, headersEl]) ta.addEventListener('keydown', onEditorKeydown);
  document.addEventListener('keydown', (ev) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === 'Enter') {
      ev.preventDefault();
      run();
    }
  });
  runBtn.addEventListener('click', () => run());
  for (const key of Object.keys(tabs)) tabs[key].addEventListener('click', () => selectTab(key));
  byId('subtabs').addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    const next = tabs.variables.getAttribute('aria-selected') === 'true' ? 'headers' : 'variables';
    selectTab(next);
    tabs[next].focus();
  });
  schemaFilterEl.addEventListener('input', renderSchema);
  schemaReloadBtn.addEventListener('click', () => loadSchema());

  selectTab('variables');
  validateEditors();
  loadSchema();
})();
`;

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** CSP hash sources of the page's inline script and style, for a server that sends its own CSP header. */
export const CONSOLE_PAGE_CSP_SOURCES = {
  script: sha256Source(CONSOLE_SCRIPT),
  style: sha256Source(CONSOLE_CSS),
} as const;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON that is safe inside a `<script>` element: nothing in it can close the tag or open a comment. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The origin to allow in connect-src when the endpoint is absolute; same-origin endpoints need only 'self'. */
function endpointOrigin(endpoint: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(endpoint)) return undefined;
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function renderConsolePage({
  endpoint = '/graphql',
  defaultQuery = DEFAULT_CONSOLE_QUERY,
}: ConsolePageOptions = {}): string {
  const origin = endpointOrigin(endpoint);
  const csp = [
    "default-src 'none'",
    `script-src ${CONSOLE_PAGE_CSP_SOURCES.script}`,
    `style-src ${CONSOLE_PAGE_CSP_SOURCES.style}`,
    `connect-src 'self'${origin === undefined ? '' : ` ${origin}`}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const data = jsonForScript({ endpoint, defaultQuery, examples: CONSOLE_EXAMPLES });

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<title>ragway console</title>
<link rel="icon" href="data:,">
<style>${CONSOLE_CSS}</style>
</head>
<body>
<header class="topbar">
  <h1>ragway <span>console</span></h1>
  <code class="endpoint" id="endpoint" title="GraphQL endpoint">POST ${escapeHtml(endpoint)}</code>
  <span class="spacer"></span>
  <label class="sr-only" for="examples">Example operations</label>
  <select id="examples"><option value="">Examples&hellip;</option></select>
  <button type="button" class="btn primary" id="run" aria-label="Run the operation"><span>Run</span><span class="kbd" id="run-kbd"></span></button>
</header>
<main>
  <aside class="pane schema-pane" aria-label="Schema">
    <div class="pane-head"><span>Schema</span><span class="head-actions"><button type="button" class="btn small" id="schema-reload">Reload</button></span></div>
    <div class="schema-tools">
      <label class="sr-only" for="schema-filter">Filter schema fields</label>
      <input type="search" id="schema-filter" placeholder="Filter fields" autocomplete="off" spellcheck="false">
    </div>
    <div class="schema-status" id="schema-status" role="status"></div>
    <div class="schema-list" id="schema-list"></div>
  </aside>
  <section class="pane editor-pane" aria-label="Operation">
    <div class="pane-head"><label for="query">Operation</label><span class="hint" id="hint"></span></div>
    <textarea id="query" class="code" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"></textarea>
    <div class="subtabs" id="subtabs" role="tablist" aria-label="Request options">
      <button type="button" role="tab" id="tab-variables" aria-controls="panel-variables" aria-selected="true">Variables</button>
      <button type="button" role="tab" id="tab-headers" aria-controls="panel-headers" aria-selected="false">Headers</button>
      <span class="json-message" id="json-message" role="alert"></span>
    </div>
    <div class="subpanel" id="panel-variables" role="tabpanel" aria-labelledby="tab-variables">
      <textarea id="variables" class="code" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" aria-label="Variables (JSON object)"></textarea>
    </div>
    <div class="subpanel" id="panel-headers" role="tabpanel" aria-labelledby="tab-headers" hidden>
      <textarea id="headers" class="code" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" aria-label="Extra request headers (JSON object)" placeholder='{ "Authorization": "Bearer your-token" }'></textarea>
      <label class="remember"><input type="checkbox" id="remember-headers"> Remember headers in this browser (stored in localStorage)</label>
    </div>
  </section>
  <section class="pane result-pane" aria-label="Response">
    <div class="pane-head"><span>Response</span><span class="status" id="status" role="status"></span></div>
    <pre class="result placeholder" id="result" tabindex="0" aria-live="polite"></pre>
  </section>
</main>
<script type="application/json" id="ragway-console-data">${data}</script>
<script>${CONSOLE_SCRIPT}</script>
</body>
</html>
`;
}

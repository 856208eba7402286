import { Lexer, type MarkedToken, type Token } from 'marked';
import TurndownService from 'turndown';
import { badInput } from '../errors.js';

export const SUPPORTED_MIME_TYPES = ['text/plain', 'text/markdown', 'text/html'] as const;
export type MimeType = (typeof SUPPORTED_MIME_TYPES)[number];

/** A contiguous range `[start, end)` of `ParsedDocument.text` and the headings in force there, outermost first. */
export interface Section {
  headingPath: string[];
  start: number;
  end: number;
  /** 1-based page of a paginated source (PDF); absent for sources without pages. */
  page?: number;
}

/** Normalised text plus its sections, in order and non-overlapping; only `\n\n` separators lie between them. */
export interface ParsedDocument {
  text: string;
  sections: Section[];
  title?: string;
}

interface DraftSection {
  headingPath: string[];
  blocks: string[];
  page?: number;
}

/**
 * Turns an uploaded document into retrieval text. Markdown keeps its own syntax (code fences, list markers,
 * emphasis, tables) because embedders and the answering model read it well and citations stay recognisable, but
 * loses what only adds noise tokens: heading markers (headings live on as a plain line plus the section's path),
 * link and image URLs (the link text and alt text stay), backslash escapes, HTML tags and comments.
 */
export function parseDocument({ content, mimeType }: { content: string; mimeType: MimeType }): ParsedDocument {
  const parsed = parseByType(content, mimeType);
  if (parsed.text === '') throw badInput('document content is empty');
  return parsed;
}

function parseByType(content: string, mimeType: MimeType): ParsedDocument {
  switch (mimeType) {
    case 'text/plain':
      return assemble([{ headingPath: [], blocks: [content] }]);
    case 'text/markdown':
      return parseMarkdown(content);
    case 'text/html':
      return parseHtml(content);
    default: {
      const unsupported: never = mimeType;
      throw badInput(`unsupported mime type ${String(unsupported)}`);
    }
  }
}

const DECLARED_TYPES = new Map<string, MimeType>([
  ['text/plain', 'text/plain'], ['text/markdown', 'text/markdown'], ['text/x-markdown', 'text/markdown'],
  ['text/html', 'text/html'], ['application/xhtml+xml', 'text/html'],
]);
const EXTENSION_TYPES = new Map<string, MimeType>([
  ['txt', 'text/plain'], ['text', 'text/plain'], ['md', 'text/markdown'], ['markdown', 'text/markdown'],
  ['html', 'text/html'], ['htm', 'text/html'],
]);
/** Declarations clients send when they do not know better; a recognised file extension beats them. */
const VAGUE_TYPES = new Set(['', 'text/plain', 'application/octet-stream']);

/** Maps a declared content type (parameters ignored) or a file name's extension to a supported mime type. */
export function detectMimeType(name?: string, declared?: string): MimeType {
  const essence = (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = name?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase() ?? '';
  const fromDeclared = DECLARED_TYPES.get(essence);
  const fromName = EXTENSION_TYPES.get(extension);
  const detected = VAGUE_TYPES.has(essence) ? (fromName ?? fromDeclared) : (fromDeclared ?? fromName);
  if (detected !== undefined) return detected;
  throw badInput(
    `unsupported document type; supported: ${SUPPORTED_MIME_TYPES.join(', ')} (.txt, .md, .markdown, .html, .htm)`,
    { name, declared, supported: [...SUPPORTED_MIME_TYPES] },
  );
}

/** NFC, LF line ends, no control characters but \n and \t, no trailing blanks, at most two blank lines in a row. */
export function normaliseText(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
      .normalize('NFC')
      .replace(/[^\S\n]+$/gm, '')
      .replace(/\n{4,}/g, '\n\n\n')
      .replace(/^\n+|\n+$/g, '')
  );
}

function parseHtml(html: string): ParsedDocument {
  let title: string | undefined;
  const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  turndown.remove(['script', 'style', 'nav', 'noscript', 'template']);
  turndown.addRule('title', {
    filter: 'title',
    replacement: (_content, node) => {
      title ??= textContentOf(node);
      return '';
    },
  });
  const parsed = parseMarkdown(turndown.turndown(html));
  const cleanTitle = normaliseText(title ?? '').replace(/\s+/g, ' ');
  return cleanTitle === '' ? parsed : { ...parsed, title: cleanTitle };
}

function textContentOf(node: unknown): string | undefined {
  const text = typeof node === 'object' && node !== null && 'textContent' in node ? node.textContent : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** Headings open sections (the path follows their levels); the title is front matter's, else the first h1. */
function parseMarkdown(markdown: string): ParsedDocument {
  const drafts: DraftSection[] = [{ headingPath: [], blocks: [] }];
  const open: { depth: number; title: string }[] = [];
  const { body, title: frontMatterTitle } = splitFrontMatter(normaliseText(markdown));
  let title = frontMatterTitle;
  for (const token of Lexer.lex(body, { gfm: true }) as MarkedToken[]) {
    if (token.type !== 'heading') {
      drafts.at(-1)?.blocks.push(blockText(token));
      continue;
    }
    const heading = plainInline(token.tokens).replace(/\s+/g, ' ').trim();
    if (heading === '') continue;
    while ((open.at(-1)?.depth ?? 0) >= token.depth) open.pop();
    open.push({ depth: token.depth, title: heading });
    if (token.depth === 1) title ??= heading;
    drafts.push({ headingPath: open.map((entry) => entry.title), blocks: [heading] });
  }
  const parsed = assemble(drafts);
  return title === undefined ? parsed : { ...parsed, title };
}

/** YAML front matter (Jekyll, Hugo, Docusaurus) is metadata, not text, and marked would read it as a heading. */
function splitFrontMatter(markdown: string): { body: string; title: string | undefined } {
  const match = /^---\n(?=[\w-]+:)([\s\S]*?)\n(?:---|\.\.\.)(?:\n|$)/.exec(markdown);
  if (match === null) return { body: markdown, title: undefined };
  const title = /^title:[ \t]*(["']?)(.+?)\1[ \t]*$/m.exec(match[1] ?? '')?.[2];
  return { body: markdown.slice(match[0].length), title };
}

function blockText(token: MarkedToken): string {
  switch (token.type) {
    case 'space':
    case 'hr':
    case 'def':
      return '';
    case 'code':
      return token.raw;
    case 'html':
      return token.raw
        .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<\/?[a-z][^>]*>/gi, '');
    default:
      return simplifyInline(token);
  }
}

/** What an inline token becomes in retrieval text, or undefined to keep it (and look inside it). */
function inlineReplacement(token: MarkedToken): string | undefined {
  switch (token.type) {
    case 'link':
      return plainInline(token.tokens);
    case 'image':
    case 'escape':
      return token.text;
    case 'html':
      return '';
    default:
      return undefined;
  }
}

/**
 * The block's raw markdown with links, images, escapes and inline HTML replaced. Tokens are located in the raw text
 * walking forward, so a replaced token cannot be confused with an identical string earlier in the block; a token
 * whose raw text is not found verbatim (a multi-line paragraph inside a blockquote) is left as it is.
 */
function simplifyInline(block: MarkedToken): string {
  const raw = block.raw;
  let output = '';
  let cursor = 0;
  const visit = (token: MarkedToken): void => {
    const replacement = inlineReplacement(token);
    const children = childTokens(token);
    if (replacement === undefined && children.length > 0) return children.forEach(visit);
    const at = raw.indexOf(token.raw, cursor);
    if (at < 0) return;
    output += raw.slice(cursor, at) + (replacement ?? token.raw);
    cursor = at + token.raw.length;
  };
  childTokens(block).forEach(visit);
  return output + raw.slice(cursor);
}

function plainInline(tokens: Token[]): string {
  return (tokens as MarkedToken[])
    .map((token) => {
      const children = childTokens(token);
      if (children.length > 0) return plainInline(children);
      if (token.type === 'html') return '';
      return 'text' in token ? token.text : token.raw;
    })
    .join('');
}

function childTokens(token: MarkedToken): MarkedToken[] {
  switch (token.type) {
    case 'list':
      return token.items;
    case 'table':
      return [...token.header, ...token.rows.flat()].flatMap((cell) => cell.tokens) as MarkedToken[];
    default:
      return ('tokens' in token ? (token.tokens ?? []) : []) as MarkedToken[];
  }
}

/** Joins normalised blocks with one blank line, recording each section's range as the text grows. */
function assemble(drafts: DraftSection[]): ParsedDocument {
  let text = '';
  const sections: Section[] = [];
  for (const draft of drafts) {
    const body = draft.blocks
      .map(normaliseText)
      .filter((block) => block !== '')
      .join('\n\n');
    if (body === '') continue;
    if (text !== '') text += '\n\n';
    const section: Section = { headingPath: draft.headingPath, start: text.length, end: text.length + body.length };
    sections.push(draft.page === undefined ? section : { ...section, page: draft.page });
    text += body;
  }
  return { text, sections };
}

/**
 * A paginated source's text (PDF): one section per non-empty page, so no chunk straddles a page break and every
 * chunk keeps its page number.
 */
export function parsePages(pages: readonly { page: number; text: string }[], title?: string): ParsedDocument {
  const parsed = assemble(pages.map(({ page, text }) => ({ headingPath: [], blocks: [text], page })));
  if (parsed.text === '') throw badInput('document content is empty');
  return title === undefined ? parsed : { ...parsed, title };
}

/** The page of the section holding `offset`, or null when the source has no pages. */
export function pageAt(sections: readonly Section[], offset: number): number | null {
  const section = sections.find((candidate) => offset >= candidate.start && offset < candidate.end);
  return section?.page ?? null;
}

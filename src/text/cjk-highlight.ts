import { cjkBigrams } from './cjk.js';

/**
 * Highlight snippets for chunks indexed with CJK bigrams. `ts_headline` would have to run on the bigram text and
 * show it to the user, so these chunks get a simple snippet instead: every stretch of the content covered by a
 * query bigram (or a query word, for the other scripts, compared case-insensitively) is wrapped in <mark>, and the
 * window starts a little before the first mark. Pure.
 */
const CJK_RUN = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

export type SnippetOptions = { before?: number; length?: number };

/** @default before 40 characters, length 200 characters */
export function cjkSnippet(content: string, query: string, { before = 40, length = 200 }: SnippetOptions = {}): string {
  const marked = markMatches(content, query);
  const first = marked.indexOf(true);
  if (first === -1) return content.slice(0, length);
  const start = Math.max(0, first - before);
  const end = Math.min(content.length, start + length);
  let snippet = start > 0 ? '… ' : '';
  for (let index = start; index < end; index += 1) {
    if (marked[index] && !marked[index - 1]) snippet += '<mark>';
    snippet += content[index];
    if (marked[index] && (index + 1 === end || !marked[index + 1])) snippet += '</mark>';
  }
  return end < content.length ? `${snippet} …` : snippet;
}

/** One flag per UTF-16 code unit of `content`: true where a query bigram or word matches. */
export function markMatches(content: string, query: string): boolean[] {
  const grams = new Set<string>();
  for (const [run] of query.matchAll(CJK_RUN)) for (const gram of cjkBigrams(run)) grams.add(gram);
  const words = new Set<string>();
  for (const [word] of query.replace(CJK_RUN, ' ').matchAll(WORD)) words.add(word.toLowerCase());
  const marked = new Array<boolean>(content.length).fill(false);
  const mark = (from: number, to: number) => marked.fill(true, from, to);
  for (const match of content.matchAll(CJK_RUN)) markRun(match[0], match.index, grams, mark);
  for (const match of content.replace(CJK_RUN, (run) => ' '.repeat(run.length)).matchAll(WORD)) {
    if (words.has(match[0].toLowerCase())) mark(match.index, match.index + match[0].length);
  }
  return marked;
}

function markRun(run: string, offset: number, grams: ReadonlySet<string>, mark: (from: number, to: number) => void): void {
  const characters = Array.from(run);
  if (characters.length === 1) {
    if (grams.has(run)) mark(offset, offset + run.length);
    return;
  }
  let position = offset;
  for (let index = 0; index + 1 < characters.length; index += 1) {
    const first = characters[index] ?? '';
    const pair = first + (characters[index + 1] ?? '');
    if (grams.has(pair)) mark(position, position + pair.length);
    position += first.length;
  }
}

/**
 * CJK bigram tokenisation (DESIGN §6). Stock PostgreSQL has no Korean, Chinese or Japanese parser: its default
 * parser takes a whole run of such letters for one word, so a query for 엔진 would not find 검색엔진을. A collection
 * with the `cjk-bigram` tokenizer therefore indexes `expandCjk(content)` instead of the content: each run of Hangul,
 * Han, Hiragana or Katakana becomes its overlapping character bigrams (a one-character run stays a unigram),
 * separated by spaces; other text is left for the text-search config to parse as usual. Queries go through the
 * same expansion, so 검색 엔진 matches, and consecutive bigrams keep consecutive positions, so phrase queries work.
 * Pure functions, no PostgreSQL extension.
 */

/** Hangul, Han, Hiragana, Katakana, plus the prolonged-sound mark ー and the iteration mark 々 (script "Common"). */
const CJK_RUN = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005]+/gu;
const CJK_CHAR = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005]/u;

export type Tokenizer = 'standard' | 'cjk-bigram';

/** Overlapping bigrams of one run, by code point (Han extension characters are surrogate pairs in UTF-16). */
export function cjkBigrams(run: string): string[] {
  const characters = Array.from(run);
  if (characters.length <= 1) return characters;
  return characters.slice(0, -1).map((character, index) => character + (characters[index + 1] ?? ''));
}

/** The text to index (or to parse as a query): every CJK run replaced by its space-separated bigrams. */
export function expandCjk(text: string): string {
  return text.replace(CJK_RUN, (run) => ` ${cjkBigrams(run).join(' ')} `);
}

export function containsCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** What a collection indexes for `content`: null when it is the content itself (no expansion needed). */
export function indexTextFor(tokenizer: Tokenizer, content: string): string | null {
  return tokenizer === 'cjk-bigram' && containsCjk(content) ? expandCjk(content) : null;
}

/** The query text as the collection's index sees it. */
export function queryTextFor(tokenizer: Tokenizer, query: string): string {
  return tokenizer === 'cjk-bigram' ? expandCjk(query) : query;
}

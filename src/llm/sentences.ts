/**
 * Sentence spans and lexical overlap, shared by the extractive answerer (which sentences answer the question) and
 * citation quotes (which sentence of a cited chunk supports a claim). Pure and language-light: it is a matching
 * heuristic, not linguistics, and every quote it yields is an exact slice of the original text.
 */
export type SentenceSpan = { start: number; end: number; text: string };

// A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace and an uppercase letter, digit, quote or
// bracket, so "e.g. the" and "3.5 m" do not split. A blank line ends one, and so does a line break before a
// heading, list item or quote; other line breaks are hard-wrapped prose and do not. A full stop standing alone
// between spaces (" . ", as in lowercased corpora such as Cranfield) ends one whatever follows, and so does a CJK
// full stop, which takes no space after it.
const BOUNDARY =
  /(?<=\s)[.!?]+(?=\s)|[。！？]+[”’）」』]*|[.!?。！？]+["'”’)\]]*(?=\s+["'“‘([]?[\p{Lu}\p{N}])|[.!?。！？]+["'”’)\]]*$|\n[^\S\n]*\n\s*|\n(?=[^\S\n]*(?:#|>|[-*+•]\s|\d+[.)]\s))/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const MAX_QUOTE_CHARS = 500;

const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each few for from further had has have having he her here ' +
    'hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other ' +
    'our ours out over own same she should so some such than that the their theirs them then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would ' +
    'you your yours tell explain describe please give show know many much does get use used using'
  ).split(' '),
);

/** Non-empty, trimmed sentence spans of `text`, in order; `text.slice(start, end) === text` for each. */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const leading = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '') spans.push({ start: start + leading, end: start + leading + trimmed.length, text: trimmed });
  };
  for (const match of text.matchAll(BOUNDARY)) {
    const end = (match.index ?? 0) + match[0].length;
    push(end);
    start = end;
  }
  push(text.length);
  return spans;
}

/**
 * Content terms: lowercase words minus stop words, lightly stemmed and cut to 6 characters, so "loading"/"load" and
 * "normalisation"/"normalise" meet. Crude on purpose: it only has to rank sentences, never to be shown.
 */
export function contentTerms(text: string): string[] {
  return contentWords(text).map((word) => word.term);
}

/** The content words of `text` as written, each with its term (see `contentTerms`). */
export function contentWords(text: string): { word: string; term: string }[] {
  const words: { word: string; term: string }[] = [];
  for (const [word] of text.normalize('NFKC').matchAll(WORD)) {
    if (CJK.test(word)) {
      // No spaces between words in these scripts: character bigrams stand in for words, as in the BM25 index.
      const characters = Array.from(word);
      const grams = characters.length === 1 ? characters : characters.slice(0, -1).map((character, index) => character + (characters[index + 1] ?? ''));
      for (const gram of grams) words.push({ word: gram, term: gram });
      continue;
    }
    const lower = word.toLowerCase();
    if (STOP_WORDS.has(lower) || (lower.length < 2 && !/\p{N}/u.test(lower))) continue;
    words.push({ word, term: stem(lower).slice(0, 6) });
  }
  return words;
}

function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses') || /(?:x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/**
 * Scores each candidate by the query terms it contains, each weighted by how rare it is among the candidates
 * (ln(1 + n / (1 + candidates containing it))), so a sentence sharing the distinctive word beats one sharing a
 * common one. Returns one score per candidate.
 */
export function overlapScores(query: string, candidates: readonly string[]): number[] {
  const queryTerms = new Set(contentTerms(query));
  const candidateTerms = candidates.map((candidate) => new Set(contentTerms(candidate)));
  const weight = new Map<string, number>();
  for (const term of queryTerms) {
    const containing = candidateTerms.filter((terms) => terms.has(term)).length;
    weight.set(term, Math.log(1 + candidates.length / (1 + containing)));
  }
  return candidateTerms.map((terms) => {
    let score = 0;
    for (const term of queryTerms) if (terms.has(term)) score += weight.get(term) ?? 0;
    return score;
  });
}

/**
 * The sentence of `text` that best matches `query` (first on ties; the first sentence when nothing matches), as an
 * exact substring of `text`. Very long sentences are cut to a prefix at a word boundary, still a substring.
 */
export function bestSentence(text: string, query: string): { quote: string; score: number } {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return { quote: text.trim().slice(0, MAX_QUOTE_CHARS), score: 0 };
  const scores = overlapScores(query, sentences.map((sentence) => sentence.text));
  let best = 0;
  scores.forEach((score, index) => {
    if (score > (scores[best] ?? 0)) best = index;
  });
  return { quote: truncateQuote(sentences[best]?.text ?? ''), score: scores[best] ?? 0 };
}

function truncateQuote(sentence: string): string {
  if (sentence.length <= MAX_QUOTE_CHARS) return sentence;
  const cut = sentence.slice(0, MAX_QUOTE_CHARS);
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > MAX_QUOTE_CHARS / 2 ? cut.slice(0, lastSpace) : cut).trimEnd();
}

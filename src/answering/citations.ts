import { bestSentence, contentTerms, splitSentences } from '../llm/sentences.js';
import type { AnswerCitation } from './types.js';

/**
 * Citations (DESIGN §7), pure. The model's text passes through `createCitationFilter`, which drops every `[n]` whose
 * n is not a source it was given (with the space before it) while the text streams; `collectCitations` then turns
 * the surviving markers into citations with a quote from each cited chunk. Citations are never invented: only
 * numbers the model wrote and that point at a retrieved chunk survive.
 */
export type CitableSource = { index: number; chunkId: string; documentId: string; content: string };

const MARKER = /(\s*)\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
/** A `[` that may still become a marker once more text arrives. */
const OPEN_MARKER = /\[[\d\s,;]*$/;
const MAX_MARKER_CHARS = 40;

export type CitationFilter = { push(delta: string): string; flush(): string };

/**
 * A streaming cleaner: what it returns, concatenated, equals `cleanMarkers` of the whole text, trimmed. It holds
 * back trailing whitespace and an unfinished `[…` (a dropped marker takes the whitespace before it along).
 */
export function createCitationFilter(validIndices: ReadonlySet<number>): CitationFilter {
  let pending = '';
  let started = false;
  const release = (ready: string): string => {
    const cleaned = cleanMarkers(ready, validIndices);
    const out = started ? cleaned : cleaned.trimStart();
    if (out !== '') started = true;
    return out;
  };
  return {
    push(delta) {
      pending += delta;
      const open = OPEN_MARKER.exec(pending);
      let cut = open !== null && pending.length - open.index <= MAX_MARKER_CHARS ? open.index : pending.length;
      while (cut > 0 && /\s/.test(pending[cut - 1] ?? '')) cut -= 1;
      const ready = pending.slice(0, cut);
      pending = pending.slice(cut);
      return release(ready);
    },
    flush() {
      const rest = release(pending).trimEnd();
      pending = '';
      return rest;
    },
  };
}

/** Keeps the numbers of a marker that name a source; a marker left with none disappears with the space before it. */
export function cleanMarkers(text: string, validIndices: ReadonlySet<number>): string {
  return text.replace(MARKER, (whole, space: string, list: string) => {
    const numbers = list.split(/\s*[,;]\s*/).map(Number);
    const kept = [...new Set(numbers.filter((number) => validIndices.has(number)))];
    if (kept.length === numbers.length) return whole;
    return kept.length === 0 ? '' : `${space}[${kept.join(', ')}]`;
  });
}

/**
 * One citation per cited source, in order of first mention. The quote is the sentence of the cited chunk that best
 * matches the claims citing it (the answer sentence around each marker), so it is always a substring of the chunk.
 */
export function collectCitations(text: string, sources: readonly CitableSource[]): AnswerCitation[] {
  const byIndex = new Map(sources.map((source) => [source.index, source]));
  const claims = new Map<number, string[]>();
  const spans = splitSentences(text);
  for (const match of text.matchAll(MARKER)) {
    const position = (match.index ?? 0) + (match[1]?.length ?? 0);
    const claim = claimAt(spans, position);
    for (const number of (match[2] ?? '').split(/\s*[,;]\s*/).map(Number)) {
      if (!byIndex.has(number)) continue;
      claims.set(number, [...(claims.get(number) ?? []), claim]);
    }
  }
  return [...claims].map(([index, claimTexts]) => {
    const source = byIndex.get(index) as CitableSource;
    return { index, chunkId: source.chunkId, documentId: source.documentId, quote: bestSentence(source.content, claimTexts.join(' ')).quote };
  });
}

/** The answer sentence holding the marker; a marker standing alone after a full stop belongs to the sentence before. */
function claimAt(spans: readonly { start: number; end: number; text: string }[], position: number): string {
  let index = spans.findIndex((span) => span.start <= position && position < span.end);
  if (index === -1) index = spans.length - 1;
  for (; index >= 0; index -= 1) {
    const claim = (spans[index]?.text ?? '').replace(MARKER, ' ');
    if (contentTerms(claim).length > 0) return claim;
  }
  return '';
}

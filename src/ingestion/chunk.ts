import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { AppError, badInput } from '../errors.js';
import type { ParsedDocument, Section } from './parse.js';
import { countTokens } from '../text/tokens.js';

export interface Chunk {
  /** 0-based position in the document. */
  ordinal: number;
  /** Exactly `parsed.text.slice(charStart, charEnd)`; the heading path is not prepended. */
  content: string;
  /** cl100k_base tokens in `content`; never more than `chunkSize`. */
  tokenCount: number;
  charStart: number;
  charEnd: number;
  headingPath: string[];
}

export interface ChunkOptions {
  /** Most tokens in a chunk, 32..8192. @default 512 */
  chunkSize?: number;
  /** Tokens shared by consecutive chunks of one section, 0 ≤ overlap < chunkSize. @default 64 */
  chunkOverlap?: number;
}

export const MIN_CHUNK_SIZE = 32;
export const MAX_CHUNK_SIZE = 8192;

/**
 * Blocks (parse.ts joins them with a blank line), lines, sentences, words, then code points. Sentence ends split
 * after themselves so the full stop stays with its sentence; the last resort never cuts a surrogate pair.
 */
const SEPARATORS = ['\n\n', '\n', '. ', '? ', '! ', '。', ' ', ''];
const SPLIT_AFTER = new Set(['. ', '? ', '! ', '。']);

class SectionSplitter extends RecursiveCharacterTextSplitter {
  protected override splitOnSeparator(text: string, separator: string): string[] {
    if (separator === '') return Array.from(text);
    if (!SPLIT_AFTER.has(separator)) return super.splitOnSeparator(text, separator);
    const parts = text.split(separator);
    return parts.map((part, index) => (index < parts.length - 1 ? part + separator : part)).filter((part) => part !== '');
  }
}

/**
 * Splits each section on its own, so no chunk straddles a heading, into chunks of at most `chunkSize` tokens.
 * The splitter fills `chunkSize - chunkOverlap` tokens; each chunk after the first of its section then reaches back
 * into its predecessor by up to `chunkOverlap` tokens, starting at a word. (LangChain's own overlap keeps only whole
 * split units, so paragraphs or lines longer than the overlap, the usual case, gave no overlap at all.) A section
 * holding only its heading is merged into the section that follows when that is its child, and tiny spans join a
 * neighbour, so a bare heading rarely becomes a chunk of its own.
 */
export async function chunkDocument(
  parsed: ParsedDocument,
  { chunkSize = 512, chunkOverlap = 64 }: ChunkOptions = {},
): Promise<Chunk[]> {
  validateOptions(chunkSize, chunkOverlap);
  const budget = { chunkSize, chunkOverlap, count: memoised(countTokens) };
  const chunks: Chunk[] = [];
  for (const range of chunkRanges(parsed)) {
    const sectionText = parsed.text.slice(range.start, range.end);
    const target = chunkSize - chunkOverlap;
    const spans = absorbFragments(sectionText, await splitSpans(sectionText, budget, target), { ...budget, target });
    spans.forEach((span, index) => {
      const previous = spans[index - 1];
      const start = previous === undefined ? span.start : overlapStart(sectionText, span, previous.start, budget);
      const content = sectionText.slice(start, span.end);
      chunks.push({
        ordinal: chunks.length,
        content,
        tokenCount: budget.count(content),
        charStart: range.start + start,
        charEnd: range.start + span.end,
        headingPath: range.headingPath,
      });
    });
  }
  return chunks;
}

function validateOptions(chunkSize: number, chunkOverlap: number): void {
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw badInput(`chunkSize must be an integer from ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE} tokens`, { chunkSize });
  }
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw badInput('chunkOverlap must be an integer from 0 to chunkSize - 1 tokens', { chunkSize, chunkOverlap });
  }
}

/** The splitter measures the same strings again while merging; token counting is the expensive part. */
function memoised(measure: (text: string) => number): (text: string) => number {
  const known = new Map<string, number>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      value = measure(text);
      known.set(text, value);
    }
    return value;
  };
}

interface Budget {
  chunkSize: number;
  chunkOverlap: number;
  count: (text: string) => number;
}

interface Span {
  start: number;
  end: number;
}

/**
 * Non-overlapping spans of `text` of about `target` tokens and at most `chunkSize`. The splitter trims whitespace
 * off its chunks, so each is located from the previous one's end: the first match there is the right one even in
 * repetitive text, since a chunk never starts with whitespace and no other text lies between. BPE is not quite
 * additive, so a span the splitter made too long is split again with a target reduced by the excess.
 */
async function splitSpans(text: string, budget: Budget, target: number): Promise<Span[]> {
  const lengthFunction = (piece: string): number => splitLength(piece, budget.count);
  const splitter = new SectionSplitter({
    chunkSize: target,
    chunkOverlap: 0,
    separators: SEPARATORS,
    keepSeparator: true,
    lengthFunction,
  });
  const spans: Span[] = [];
  let searchFrom = 0;
  for (const content of await splitter.splitText(text)) {
    const start = text.indexOf(content, searchFrom);
    if (start < 0) {
      throw new AppError('INTERNAL_SERVER_ERROR', 'chunk text not found in its section', { details: { searchFrom } });
    }
    searchFrom = start + content.length;
    const excess = budget.count(content) - budget.chunkSize;
    if (excess <= 0) {
      spans.push({ start, end: searchFrom });
      continue;
    }
    for (const part of await splitSpans(content, budget, Math.max(1, target - excess))) {
      spans.push({ start: start + part.start, end: start + part.end });
    }
  }
  return spans;
}

/**
 * LangChain flushes what it has gathered before a unit too big to join, so a heading followed by a long block, or a
 * short paragraph between two long ones, becomes a chunk of a few tokens that carries almost nothing yet wins BM25's
 * length normalisation. A span under a quarter of the target joins the next span (else the previous one) when the
 * result stays within `chunkSize`; the room for overlap makes that the usual case.
 */
function absorbFragments(text: string, spans: Span[], { target, chunkSize, count }: Budget & { target: number }): Span[] {
  const merged: Span[] = [];
  const fits = (start: number, end: number): boolean => count(text.slice(start, end)) <= chunkSize;
  let carriedStart: number | undefined;
  spans.forEach((span, index) => {
    const current = { start: carriedStart ?? span.start, end: span.end };
    carriedStart = undefined;
    const next = spans[index + 1];
    const last = merged.at(-1);
    if (count(text.slice(current.start, current.end)) >= target / 4) merged.push(current);
    else if (next !== undefined && fits(current.start, next.end)) carriedStart = current.start;
    else if (last !== undefined && fits(last.start, current.end)) last.end = current.end;
    else merged.push(current);
  });
  return merged;
}

/**
 * Word-level pieces arrive as " word"; when one opens a chunk the splitter trims the space, and "word" alone often
 * takes a token more (cl100k: " iota" is one token, "iota" two). Counting the larger of both keeps chunks within
 * the limit at the price of slightly fuller budgets being left unused.
 */
function splitLength(piece: string, count: (text: string) => number): number {
  const trimmed = piece.trimStart();
  return trimmed === piece ? count(piece) : Math.max(count(piece), count(trimmed));
}

/** Word starts, and for scripts written without spaces, the character after CJK punctuation. */
const WORD_START = /(?<=[\s\u3001\u3002\uFF01\uFF0C\uFF1A\uFF1B\uFF1F])\S/gu;

/**
 * Earliest word start after `previousStart` from which the chunk still has at most `chunkSize` tokens and the part
 * before `span.start` at most `chunkOverlap`. Both shrink as the start moves right, so a binary search finds it.
 */
function overlapStart(text: string, span: Span, previousStart: number, { chunkSize, chunkOverlap, count }: Budget): number {
  if (chunkOverlap === 0) return span.start;
  WORD_START.lastIndex = previousStart + 1;
  const candidates: number[] = [];
  for (let match = WORD_START.exec(text); match !== null && match.index < span.start; match = WORD_START.exec(text)) {
    candidates.push(match.index);
  }
  const fits = (start: number): boolean =>
    count(text.slice(start, span.start)) <= chunkOverlap && count(text.slice(start, span.end)) <= chunkSize;
  let [low, high] = [0, candidates.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (fits(candidates[middle] ?? span.start)) high = middle;
    else low = middle + 1;
  }
  // Token counts are only nearly monotonic in the start; never hand back a start that breaks the limits.
  while (low < candidates.length && !fits(candidates[low] ?? span.start)) low += 1;
  return candidates[low] ?? span.start;
}

interface ChunkRange {
  start: number;
  end: number;
  headingPath: string[];
}

function chunkRanges({ text, sections }: ParsedDocument): ChunkRange[] {
  const ranges: ChunkRange[] = [];
  let pendingStart: number | undefined;
  sections.forEach((section, index) => {
    const start = pendingStart ?? section.start;
    const next = sections[index + 1];
    if (next !== undefined && isBareHeading(section, text) && isDescendant(next.headingPath, section.headingPath)) {
      pendingStart = start;
      return;
    }
    ranges.push({ start, end: section.end, headingPath: section.headingPath });
    pendingStart = undefined;
  });
  return ranges;
}

function isBareHeading({ headingPath, start, end }: Section, text: string): boolean {
  return headingPath.length > 0 && text.slice(start, end) === headingPath.at(-1);
}

function isDescendant(path: string[], ancestor: string[]): boolean {
  return path.length > ancestor.length && ancestor.every((title, index) => path[index] === title);
}

import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { AppError, badInput } from '../errors.js';
import type { ParsedDocument, Section } from './parse.js';
import { countTokens } from './tokens.js';

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
 * Splits each section on its own, so no chunk straddles a heading, into chunks of at most `chunkSize` tokens with
 * about `chunkOverlap` tokens of overlap (whole lines, sentences or words: the splitter never cuts inside the unit
 * it split on). A section holding only its heading is merged into the section that follows when that one is its
 * child, so a bare heading never becomes a chunk of its own.
 */
export async function chunkDocument(
  parsed: ParsedDocument,
  { chunkSize = 512, chunkOverlap = 64 }: ChunkOptions = {},
): Promise<Chunk[]> {
  validateOptions(chunkSize, chunkOverlap);
  const count = memoised(countTokens);
  const chunks: Chunk[] = [];
  for (const range of chunkRanges(parsed)) {
    const sectionText = parsed.text.slice(range.start, range.end);
    for (const { content, at } of await splitLocated(sectionText, { chunkSize, chunkOverlap, count })) {
      const charStart = range.start + at;
      const tokenCount = count(content);
      chunks.push({ ordinal: chunks.length, content, tokenCount, charStart, charEnd: charStart + content.length, headingPath: range.headingPath });
    }
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

interface SplitOptions {
  chunkSize: number;
  chunkOverlap: number;
  count: (text: string) => number;
}

/**
 * The splitter trims whitespace off chunk edges, so its output is located (searching forward from the previous
 * chunk's start) rather than assumed contiguous. It also adds up token counts of the pieces it joins, and BPE is not
 * quite additive; `chunkLength` absorbs the usual cause, and a chunk still over the limit is split again with a
 * budget reduced by the excess.
 */
async function splitLocated(text: string, options: SplitOptions, limit = options.chunkSize): Promise<{ content: string; at: number }[]> {
  const { chunkSize, chunkOverlap, count } = options;
  const splitter = new SectionSplitter({ chunkSize, chunkOverlap, separators: SEPARATORS, keepSeparator: true, lengthFunction: (piece) => chunkLength(piece, count) });
  const located: { content: string; at: number }[] = [];
  let searchFrom = 0;
  for (const content of await splitter.splitText(text)) {
    const at = text.indexOf(content, searchFrom);
    if (at < 0) throw new AppError('INTERNAL_SERVER_ERROR', 'chunk text not found in its section', { details: { searchFrom } });
    searchFrom = at + 1;
    const excess = count(content) - limit;
    if (excess <= 0) {
      located.push({ content, at });
      continue;
    }
    const tighter = { chunkSize: Math.max(1, chunkSize - excess), chunkOverlap: 0, count };
    for (const part of await splitLocated(content, tighter, limit)) located.push({ content: part.content, at: at + part.at });
  }
  return located;
}

/**
 * Word-level pieces arrive as " word"; when one opens a chunk the splitter trims the space, and "word" alone often
 * takes a token more (cl100k: " iota" is one token, "iota" two). Counting the larger of both keeps chunks within
 * the limit at the price of slightly fuller budgets being left unused.
 */
function chunkLength(piece: string, count: (text: string) => number): number {
  const trimmed = piece.trimStart();
  return trimmed === piece ? count(piece) : Math.max(count(piece), count(trimmed));
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

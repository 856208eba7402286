import { getEncoding, type Tiktoken } from 'js-tiktoken';

/**
 * Token counting with cl100k_base, the tokenizer of OpenAI's embedding models.
 *
 * js-tiktoken's own `encode` is correct but too slow for chunking (~0.6 MB/s on prose, and its byte-pair merge
 * builds a string per candidate pair, so one 10 kB run of letters takes ~10 s). `countTokens` therefore walks the
 * same pre-tokenizer pattern and runs the same merge over the encoder's rank table with a cheaper loop, caching
 * counts of the short pieces natural text repeats. It falls back to `encode` if those internals ever move.
 */

/** Pieces longer than this many UTF-8 bytes are counted in windows so a pathological run stays linear-ish. */
const MAX_PIECE_BYTES = 512;
/** Pieces worth caching: words and punctuation runs, not long unique runs that would only fill memory. */
const MAX_CACHED_PIECE_LENGTH = 64;
const PIECE_CACHE_LIMIT = 100_000;

interface FastPath {
  pattern: RegExp;
  ranks: Map<string, number>;
}

let encoder: Tiktoken | undefined;
let fastPath: FastPath | null | undefined;
const pieceCounts = new Map<string, number>();
const utf8 = new TextEncoder();

/** The shared cl100k_base encoder, built on first use (≈0.7 s: it decodes the bundled rank table, no network). */
export function getEncoder(): Tiktoken {
  encoder ??= getEncoding('cl100k_base');
  return encoder;
}

/**
 * Number of cl100k_base tokens in `text`, treating special-token strings such as `<|endoftext|>` as plain text
 * (js-tiktoken's default throws on them, and documents may well contain them).
 */
export function countTokens(text: string): number {
  const fast = getFastPath();
  if (fast === null) return getEncoder().encode(text, [], []).length;
  let total = 0;
  for (const match of text.matchAll(fast.pattern)) total += countPiece(match[0], fast.ranks);
  return total;
}

function getFastPath(): FastPath | null {
  if (fastPath === undefined) {
    // `patStr` and `rankMap` are js-tiktoken internals (stripped from its types); check them rather than trust them.
    const internals = getEncoder() as unknown as { patStr?: unknown; rankMap?: unknown };
    fastPath =
      typeof internals.patStr === 'string' && internals.rankMap instanceof Map
        ? { pattern: new RegExp(internals.patStr, 'gu'), ranks: internals.rankMap as Map<string, number> }
        : null;
  }
  return fastPath;
}

function countPiece(piece: string, ranks: Map<string, number>): number {
  const cached = pieceCounts.get(piece);
  if (cached !== undefined) return cached;
  const bytes = utf8.encode(piece);
  let count = 0;
  for (let offset = 0; offset < bytes.length; offset += MAX_PIECE_BYTES) {
    count += countBytePairs(bytes.subarray(offset, offset + MAX_PIECE_BYTES), ranks);
  }
  if (piece.length <= MAX_CACHED_PIECE_LENGTH) {
    if (pieceCounts.size >= PIECE_CACHE_LIMIT) pieceCounts.clear();
    pieceCounts.set(piece, count);
  }
  return count;
}

/**
 * Byte-pair merge as in js-tiktoken (always merge the lowest-ranked adjacent pair, leftmost on ties), but keeping
 * the pair ranks in an array and re-ranking only the two neighbours of each merge.
 */
function countBytePairs(bytes: Uint8Array, ranks: Map<string, number>): number {
  if (bytes.length <= 1 || ranks.has(bytes.join(','))) return Math.min(bytes.length, 1);
  const starts = Array.from({ length: bytes.length + 1 }, (_, index) => index);
  const rankAt = (index: number): number => {
    const end = starts[index + 2];
    if (end === undefined) return Infinity;
    return ranks.get(bytes.subarray(starts[index], end).join(',')) ?? Infinity;
  };
  const pairRanks = Array.from({ length: bytes.length - 1 }, (_, index) => rankAt(index));
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let index = 0; index < pairRanks.length; index += 1) {
      const rank = pairRanks[index] ?? Infinity;
      if (rank < bestRank) [best, bestRank] = [index, rank];
    }
    if (best < 0) break;
    starts.splice(best + 1, 1);
    pairRanks.splice(best, 1);
    if (best > 0) pairRanks[best - 1] = rankAt(best - 1);
    if (best < pairRanks.length) pairRanks[best] = rankAt(best);
  }
  return starts.length - 1;
}

import { createHash } from 'node:crypto';
import { normalizeQuestion } from './normalize.js';
import { lexicalProfile, numberMismatch } from './similarity.js';

/**
 * Near-identical chunks (DESIGN §6, retrieval de-duplication). Two chunks are near-identical when their word
 * 2-shingles (Broder's w-shingling over normalised text) overlap by at least this Jaccard similarity AND they mention
 * exactly the same numbers: a repeated disclaimer, the same page uploaded twice, a copy with a typo fixed or
 * reformatted. One changed word touches two shingles, so a 200-word copy with a fix still scores ≈ 0.98 (a
 * 20-word notice with two words inserted ≈ 0.74), while two different texts on the same subject share few word
 * pairs: at most 0.012 over 1,770 pairs of bench-corpus chunks; over 244,650 pairs of Cranfield abstracts the 99.9th
 * percentile is 0.073 and the one pair above 0.7 is the same abstract filed twice ("speeds" / "velocities"). Longer
 * shingles would make short copies with two edits fall apart. (Character-bigram sets, used for short questions, saturate on chunk-length text: two
 * unrelated 200-word chunks share nearly every bigram.) Two chunks that differ only in a price, version, date or part number state different facts, so both stay.
 * The embedding only finds candidates: it includes the document title, which differs between copies.
 */
export const NEAR_DUPLICATE_CHUNK_JACCARD = 0.7;
const SHINGLE_TOKENS = 2;
/** Han, Hiragana and Katakana do not separate words: there each character is a token; other scripts split into words. */
const UNSPACED = String.raw`[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]`;
// Set difference needs the `v` flag, which the ES2023 compile target cannot check in a literal; Node 20 supports it.
const SHINGLE_TOKEN = new RegExp(String.raw`${UNSPACED}|[[\p{L}\p{N}\p{M}]--${UNSPACED}]+`, 'gv');

export type ChunkCandidate = { id: string; content: string; duplicateOf: string | null };
export type NearDuplicateOptions = { minJaccard?: number; shinglesOf?: (candidate: ChunkCandidate) => ReadonlySet<string> };

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ASCII_APOSTROPHES = /['`]/g;
const ASCII_TOKEN = /[a-z0-9]+/g;

/**
 * The normalised tokens shingles are made of, in order. ASCII text takes a shortcut to the same tokens: there NFKC
 * changes nothing, letters and digits are [a-z0-9] once lower-cased, and every other character but the apostrophes
 * `normalizeQuestion` deletes splits tokens; the Unicode property classes cost ~6× more (~100 µs per bench chunk).
 */
function shingleTokens(text: string): string[] {
  if (ASCII_ONLY.test(text)) return text.toLowerCase().replace(ASCII_APOSTROPHES, '').match(ASCII_TOKEN) ?? [];
  return normalizeQuestion(text).match(SHINGLE_TOKEN) ?? [];
}

/** Distinct pairs of consecutive tokens; a text of fewer tokens is one shingle of all of them. */
export function wordShingles(text: string): Set<string> {
  const tokens = shingleTokens(text);
  if (tokens.length <= SHINGLE_TOKENS) return new Set([tokens.join(' ')]);
  const shingles = new Set<string>();
  for (let start = 0; start + SHINGLE_TOKENS <= tokens.length; start += 1) shingles.add(tokens.slice(start, start + SHINGLE_TOKENS).join(' '));
  return shingles;
}

/** |A ∩ B| / |A ∪ B|. */
export function shingleJaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared += 1;
  const union = left.size + right.size - shared;
  return union === 0 ? 1 : shared / union;
}

/**
 * A 64-bit key shared by texts whose shingle tokens are the same sequence: copies up to case, punctuation, spacing
 * and Unicode form, which `nearDuplicateOf` always links (Jaccard 1, the same numbers). A bulk load finds such
 * copies among its own chunks by key, where no index can look yet (db/search-index-suspension.ts).
 */
export function copyKey(text: string): bigint {
  return createHash('sha256').update(shingleTokens(text).join(' ')).digest().readBigUInt64BE(0);
}

/**
 * The chunk `content` is a near-identical copy of, among earlier `candidates` (most similar first), or undefined.
 * Returns the candidate's own original when the candidate is itself a copy, so links stay one level deep.
 * `shinglesOf` lets a caller that meets the same candidate many times compute its shingles once.
 */
export function nearDuplicateOf(
  content: string,
  candidates: readonly ChunkCandidate[],
  { minJaccard = NEAR_DUPLICATE_CHUNK_JACCARD, shinglesOf = (candidate: ChunkCandidate) => wordShingles(candidate.content) }: NearDuplicateOptions = {},
): string | undefined {
  const shingles = wordShingles(content);
  const numbers = lexicalProfile(normalizeQuestion(content));
  let best: { id: string; similarity: number } | undefined;
  for (const candidate of candidates) {
    const similarity = shingleJaccard(shingles, shinglesOf(candidate));
    if (similarity < minJaccard || (best !== undefined && similarity <= best.similarity)) continue;
    if (numberMismatch(numbers, lexicalProfile(normalizeQuestion(candidate.content))) === 0) {
      best = { id: candidate.duplicateOf ?? candidate.id, similarity };
    }
  }
  return best?.id;
}

/**
 * Keeps the best-ranked hit of each group of near-identical chunks (a chunk and the copies flagged `duplicate_of`
 * it), so top-k slots are not spent on copies. `duplicateOf` maps a copy's id to its original's id.
 */
export function collapseDuplicateHits<Hit extends { chunkId: string }>(hits: readonly Hit[], duplicateOf: ReadonlyMap<string, string>): Hit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    const group = duplicateOf.get(hit.chunkId) ?? hit.chunkId;
    if (seen.has(group)) return false;
    seen.add(group);
    return true;
  });
}

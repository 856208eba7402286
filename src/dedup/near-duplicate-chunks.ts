import { normalizeQuestion } from './normalize.js';
import { bigramJaccard, lexicalProfile, numberMismatch } from './similarity.js';

/**
 * Near-identical chunks (DESIGN §6, retrieval de-duplication). Two chunks are near-identical when the character
 * bigrams of their normalised text overlap by at least this Jaccard similarity AND they mention exactly the same
 * numbers: a repeated disclaimer, the same page uploaded twice, a copy with a typo fixed or reformatted. Text that
 * merely covers the same subject overlaps far less (a chunk and a half-length excerpt of it score at most ~0.5), and
 * two chunks that differ only in a price, version, date or part number state different facts, so both stay.
 * The embedding only finds candidates: it includes the document title, which differs between copies.
 */
export const NEAR_DUPLICATE_CHUNK_JACCARD = 0.9;

export type ChunkCandidate = { id: string; content: string; duplicateOf: string | null };

/**
 * The chunk `content` is a near-identical copy of, among earlier `candidates` (most similar first), or undefined.
 * Returns the candidate's own original when the candidate is itself a copy, so links stay one level deep.
 */
export function nearDuplicateOf(content: string, candidates: readonly ChunkCandidate[], minJaccard = NEAR_DUPLICATE_CHUNK_JACCARD): string | undefined {
  const profile = lexicalProfile(normalizeQuestion(content));
  let best: { id: string; similarity: number } | undefined;
  for (const candidate of candidates) {
    const other = lexicalProfile(normalizeQuestion(candidate.content));
    const similarity = bigramJaccard(profile, other);
    if (similarity >= minJaccard && numberMismatch(profile, other) === 0 && (best === undefined || similarity > best.similarity)) {
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

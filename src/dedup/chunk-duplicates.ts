import { findChunkDuplicates, nearestChunksOf } from '../db/chunk-duplicates.js';
import type { Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { nearestEarlier } from './nearest-earlier.js';
import { collapseDuplicateHits, nearDuplicateOf, type ChunkCandidate } from './near-duplicate-chunks.js';

/** Candidates per chunk: copies are nearly the same vector, so the first few neighbours hold them if they exist. */
const CANDIDATES = 5;
/**
 * HNSW candidate list for that probe. A copy lies at distance ≈ 0, where the greedy descent lands anyway; the
 * session's larger ef_search serves the search legs' recall of ordinary neighbours and cost the probe ~4× the index
 * pages (measured at 10k chunks: ~1,500 buffers per probe at 100, ~380 at 20).
 */
const PROBE_EF_SEARCH = 4 * CANDIDATES;

export type NewChunkForDuplicates = { id: string; content: string; embedding: readonly number[] };

/**
 * The near-identical originals of a document's chunks before they are written (chunk id → original id, for
 * `chunks.duplicate_of`). Each chunk's candidates are its nearest earlier chunks by cosine: those of the collection
 * (HNSW) and those of this document at lower ordinals (compared here: not in the table yet), the closest
 * `CANDIDATES` of both, confirmed lexically by `nearDuplicateOf`. Call inside the ingest transaction under the
 * collection's write lock, after the document's previous chunks are deleted; pass the chunks in ordinal order.
 */
export async function findNearDuplicateChunks(
  transaction: Database,
  { collection, chunks, segments = 1 }: { collection: CollectionRow; chunks: readonly NewChunkForDuplicates[]; segments?: number },
): Promise<Map<string, string>> {
  const stored = await nearestChunksOf(transaction, {
    tenantId: collection.tenantId,
    collectionId: collection.id,
    dimension: collection.embeddingDimension,
    embeddings: chunks.map((chunk) => chunk.embedding),
    k: CANDIDATES,
    efSearch: PROBE_EF_SEARCH,
    segments,
  });
  const candidatesOf = chunks.map((): { distance: number; candidate: ChunkCandidate }[] => []);
  for (const row of stored) {
    candidatesOf[row.index]?.push({ distance: row.distance, candidate: { id: row.candidateId, content: row.candidateContent, duplicateOf: row.candidateDuplicateOf } });
  }
  const earlierInDocument = nearestEarlier(chunks.map((chunk) => chunk.embedding), CANDIDATES);
  const links = new Map<string, string>();
  chunks.forEach((chunk, index) => {
    const own = (earlierInDocument[index] ?? []).flatMap(({ index: earlier, distance }) => {
      const other = chunks[earlier];
      // An earlier chunk of this document already linked stands for its original, as a stored copy would.
      return other === undefined ? [] : [{ distance, candidate: { id: other.id, content: other.content, duplicateOf: links.get(other.id) ?? null } }];
    });
    const nearest = [...(candidatesOf[index] ?? []), ...own].sort((left, right) => left.distance - right.distance).slice(0, CANDIDATES);
    const original = nearDuplicateOf(chunk.content, nearest.map((entry) => entry.candidate));
    if (original !== undefined) links.set(chunk.id, original);
  });
  return links;
}

/**
 * Drops hits whose near-identical original (or a copy of the same original) ranks higher in the list. `known` holds
 * the `duplicate_of` the search legs read with their hits (null: not a copy); only the other hits are looked up, so
 * a search whose legs all report it sends no statement here.
 */
export async function collapseNearDuplicates<Hit extends { chunkId: string }>(
  db: Database,
  collection: CollectionRow,
  hits: readonly Hit[],
  { known = new Map() }: { known?: ReadonlyMap<string, string | null> } = {},
): Promise<Hit[]> {
  const unknown = hits.filter((hit) => !known.has(hit.chunkId)).map((hit) => hit.chunkId);
  const duplicateOf = await findChunkDuplicates(db, collection.tenantId, unknown);
  for (const [chunkId, original] of known) if (original !== null) duplicateOf.set(chunkId, original);
  return duplicateOf.size === 0 ? [...hits] : collapseDuplicateHits(hits, duplicateOf);
}

/** The `duplicate_of` values legs reported with their hits (hits of a leg that did not read it are left out). */
export function reportedDuplicates(hits: Iterable<{ chunkId: string; duplicateOf?: string | null }>): Map<string, string | null> {
  const known = new Map<string, string | null>();
  for (const hit of hits) if (hit.duplicateOf !== undefined) known.set(hit.chunkId, hit.duplicateOf);
  return known;
}

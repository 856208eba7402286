import { findChunkDuplicates, nearestChunksOf } from '../db/chunk-duplicates.js';
import type { Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { nearestEarlier } from './nearest-earlier.js';
import { collapseDuplicateHits, nearDuplicateOf, wordShingles, type ChunkCandidate } from './near-duplicate-chunks.js';

/** Candidates per chunk: copies are nearly the same vector, so the first few neighbours hold them if they exist. */
const CANDIDATES = 5;
/**
 * HNSW candidate list for that probe. A copy lies at distance ≈ 0, where the greedy descent lands anyway; the
 * session's larger ef_search serves the search legs' recall of ordinary neighbours and cost the probe ~4× the index
 * pages (measured at 10k chunks: ~1,500 buffers per probe at 100, ~380 at 20).
 */
const PROBE_EF_SEARCH = 4 * CANDIDATES;

export type NewChunkForDuplicates = { id: string; content: string; embedding: readonly number[] };

export type FindNearDuplicatesOptions = {
  collection: CollectionRow;
  /** Each document's new chunks in ordinal order; ingest passes one document, a bulk load a batch of them. */
  documents: readonly (readonly NewChunkForDuplicates[])[];
  segments?: number;
  /** Look for originals among the stored chunks (HNSW). A bulk load whose chunk index is suspended cannot. @default true */
  probeStored?: boolean;
};

/**
 * The near-identical originals of new chunks before they are written (chunk id → original id, for
 * `chunks.duplicate_of`). Each chunk's candidates are its nearest earlier chunks by cosine: those of the collection
 * (HNSW, one statement for every chunk given) and those of its own document at lower ordinals (compared here: not in
 * the table yet), the closest `CANDIDATES` of both, confirmed lexically by `nearDuplicateOf`. Call inside the write
 * transaction under the collection's write lock, after a re-ingested document's previous chunks are deleted.
 */
export async function findNearDuplicateChunks(
  transaction: Database,
  { collection, documents, segments = 1, probeStored = true }: FindNearDuplicatesOptions,
): Promise<Map<string, string>> {
  const chunks = documents.flat();
  const stored = probeStored
    ? await nearestChunksOf(transaction, {
        tenantId: collection.tenantId,
        collectionId: collection.id,
        dimension: collection.embeddingDimension,
        embeddings: chunks.map((chunk) => chunk.embedding),
        k: CANDIDATES,
        efSearch: PROBE_EF_SEARCH,
        segments,
      })
    : [];
  const candidatesOf = chunks.map((): { distance: number; candidate: ChunkCandidate }[] => []);
  for (const row of stored) {
    candidatesOf[row.index]?.push({ distance: row.distance, candidate: { id: row.candidateId, content: row.candidateContent, duplicateOf: row.candidateDuplicateOf } });
  }
  // A chunk is a candidate of up to CANDIDATES later chunks of its document: its shingles are computed once.
  const shingles = new Map<string, ReadonlySet<string>>();
  const shinglesOf = (candidate: ChunkCandidate) => {
    let known = shingles.get(candidate.id);
    if (known === undefined) shingles.set(candidate.id, (known = wordShingles(candidate.content)));
    return known;
  };
  const links = new Map<string, string>();
  let offset = 0;
  for (const document of documents) {
    const earlierInDocument = nearestEarlier(document.map((chunk) => chunk.embedding), CANDIDATES);
    document.forEach((chunk, index) => {
      const own = (earlierInDocument[index] ?? []).flatMap(({ index: earlier, distance }) => {
        const other = document[earlier];
        // An earlier chunk of this document already linked stands for its original, as a stored copy would.
        return other === undefined ? [] : [{ distance, candidate: { id: other.id, content: other.content, duplicateOf: links.get(other.id) ?? null } }];
      });
      const nearest = [...(candidatesOf[offset + index] ?? []), ...own].sort((left, right) => left.distance - right.distance).slice(0, CANDIDATES);
      const original = nearDuplicateOf(chunk.content, nearest.map((entry) => entry.candidate), { shinglesOf });
      if (original !== undefined) links.set(chunk.id, original);
    });
    offset += document.length;
  }
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

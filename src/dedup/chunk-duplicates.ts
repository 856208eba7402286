import { findChunkDuplicates, nearestEarlierChunks, setChunkDuplicates } from '../db/chunk-duplicates.js';
import type { Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { collapseDuplicateHits, nearDuplicateOf, type ChunkCandidate } from './near-duplicate-chunks.js';

/** Candidates per chunk: copies are nearly the same vector, so the first few neighbours hold them if they exist. */
const CANDIDATES = 5;

/**
 * Flags the document's chunks that are near-identical to earlier chunks of the collection (`chunks.duplicate_of`).
 * Call inside the ingest transaction, after the chunks are inserted, under the collection's write lock.
 */
export async function flagNearDuplicateChunks(transaction: Database, { collection, documentId }: { collection: CollectionRow; documentId: string }): Promise<void> {
  const neighbours = await nearestEarlierChunks(transaction, {
    tenantId: collection.tenantId,
    collectionId: collection.id,
    documentId,
    dimension: collection.embeddingDimension,
    k: CANDIDATES,
  });
  const byChunk = new Map<string, { content: string; candidates: ChunkCandidate[] }>();
  for (const row of neighbours) {
    const entry = byChunk.get(row.chunkId) ?? { content: row.content, candidates: [] };
    entry.candidates.push({ id: row.candidateId, content: row.candidateContent, duplicateOf: row.candidateDuplicateOf });
    byChunk.set(row.chunkId, entry);
  }
  const links = new Map<string, string>();
  for (const [chunkId, { content, candidates }] of byChunk) {
    const original = nearDuplicateOf(content, candidates);
    // A copy of an earlier chunk of this same document points at it; its own link is resolved by then (ordinal order).
    if (original !== undefined) links.set(chunkId, links.get(original) ?? original);
  }
  await setChunkDuplicates(transaction, collection.tenantId, links);
}

/** Drops hits whose near-identical original (or a copy of the same original) ranks higher in the list. */
export async function collapseNearDuplicates<Hit extends { chunkId: string }>(db: Database, collection: CollectionRow, hits: readonly Hit[]): Promise<Hit[]> {
  const duplicateOf = await findChunkDuplicates(db, collection.tenantId, hits.map((hit) => hit.chunkId));
  return duplicateOf.size === 0 ? [...hits] : collapseDuplicateHits(hits, duplicateOf);
}

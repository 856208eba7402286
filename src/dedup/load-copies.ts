import type { Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { findNearDuplicateChunks, type NewChunkForDuplicates } from './chunk-duplicates.js';
import { copyKey } from './near-duplicate-chunks.js';

/**
 * Near-duplicate flagging for a bulk load, which writes thousands of documents per transaction where ingest writes
 * one. Each batch gets ingest's own rules (`findNearDuplicateChunks`: stored originals through the HNSW index, copies
 * within a document), and the load remembers a copy key of every chunk it wrote (`copyKey`), so a chunk repeating an
 * earlier chunk of the load links to it even where the index cannot see that chunk: in the same batch (not written
 * yet) or while a bulk load into an empty table has the index suspended. What the load alone cannot catch is an
 * edited copy (Jaccard ≥ 0.7 but not the same tokens) of a chunk in another document of the same batch, or of any
 * earlier chunk of the load while the index is suspended; such a pair stays unlinked, and searches then show both.
 * Memory: one 64-bit key and one id per distinct chunk of the load (~100 bytes; ~100 MB at 1M chunks).
 */
export type LoadCopies = {
  /** Links for the batch's chunks (chunk id → original id); call once per batch, in load order. */
  linkBatch(transaction: Database, documents: readonly (readonly NewChunkForDuplicates[])[]): Promise<Map<string, string>>;
};

export function createLoadCopies({ collection, segments, probeStored }: { collection: CollectionRow; segments: number; probeStored: boolean }): LoadCopies {
  const originals = new Map<bigint, string>();
  return {
    async linkBatch(transaction, documents) {
      const links = await findNearDuplicateChunks(transaction, { collection, documents, segments, probeStored });
      for (const chunk of documents.flat()) {
        const key = copyKey(chunk.content);
        // A link to an earlier chunk of this batch that was itself linked (by key, below) goes to that one's original.
        const direct = links.get(chunk.id);
        const found = direct === undefined ? undefined : (links.get(direct) ?? direct);
        if (found !== undefined) links.set(chunk.id, found);
        const earlier = originals.get(key);
        if (found === undefined && earlier !== undefined) links.set(chunk.id, earlier);
        // The key stands for the first original seen, so links stay one level deep.
        else if (earlier === undefined) originals.set(key, found ?? chunk.id);
      }
      return links;
    },
  };
}

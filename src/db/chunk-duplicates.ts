import { sql } from 'drizzle-orm';
import { selectRows, type Database } from './client.js';
import { assertDimension } from './vector-index.js';

export type ChunkNeighbour = { chunkId: string; content: string; candidateId: string; candidateContent: string; candidateDuplicateOf: string | null };

/**
 * For every chunk of a document, its `k` nearest earlier chunks of the collection (other documents, or lower
 * ordinals of the same one) by cosine, in one statement: a LATERAL HNSW search per chunk with an iterative scan.
 * Runs inside the ingest transaction, after the document's chunks are inserted.
 */
export async function nearestEarlierChunks(
  db: Database,
  { tenantId, collectionId, documentId, dimension, k }: { tenantId: string; collectionId: string; documentId: string; dimension: number; k: number },
): Promise<ChunkNeighbour[]> {
  assertDimension(dimension);
  const typmod = sql.raw(`(${dimension})`);
  await db.execute(sql.raw(`SET LOCAL hnsw.iterative_scan = relaxed_order`));
  const rows = await selectRows<{ id: string; content: string; candidate_id: string; candidate_content: string; candidate_duplicate_of: string | null }>(db, sql`
    SELECT c.id, c.content, n.id AS candidate_id, n.content AS candidate_content, n.duplicate_of AS candidate_duplicate_of
    FROM chunks c
    CROSS JOIN LATERAL (
      SELECT o.id, o.content, o.duplicate_of, o.embedding::vector${typmod} <=> c.embedding::vector${typmod} AS distance
      FROM chunks o
      WHERE o.tenant_id = ${tenantId} AND o.collection_id = ${collectionId} AND o.embedding_dimension = ${sql.raw(String(dimension))}
        AND (o.document_id <> c.document_id OR o.ordinal < c.ordinal)
      ORDER BY distance LIMIT ${k}
    ) n
    WHERE c.tenant_id = ${tenantId} AND c.document_id = ${documentId}
    ORDER BY c.ordinal, n.distance`);
  return rows.map((row) => ({
    chunkId: row.id,
    content: row.content,
    candidateId: row.candidate_id,
    candidateContent: row.candidate_content,
    candidateDuplicateOf: row.candidate_duplicate_of,
  }));
}

export async function setChunkDuplicates(db: Database, tenantId: string, links: ReadonlyMap<string, string>): Promise<void> {
  if (links.size === 0) return;
  await db.execute(sql`
    UPDATE chunks SET duplicate_of = link.original
    FROM unnest(${sql.param([...links.keys()])}::uuid[], ${sql.param([...links.values()])}::uuid[]) AS link(id, original)
    WHERE chunks.tenant_id = ${tenantId} AND chunks.id = link.id`);
}

/** `duplicate_of` of those of `chunkIds` that are flagged copies. */
export async function findChunkDuplicates(db: Database, tenantId: string, chunkIds: readonly string[]): Promise<Map<string, string>> {
  if (chunkIds.length === 0) return new Map();
  const rows = await selectRows<{ id: string; duplicate_of: string }>(db, sql`
    SELECT id, duplicate_of FROM chunks
    WHERE tenant_id = ${tenantId} AND id = ANY(${sql.param(chunkIds)}::uuid[]) AND duplicate_of IS NOT NULL`);
  return new Map(rows.map((row) => [row.id, row.duplicate_of]));
}

import { sql } from 'drizzle-orm';
import { selectRows, type Database } from './client.js';
import { assertDimension, assertSegments, nearestOfSegments } from './vector-index.js';

export type ChunkNeighbour = { index: number; candidateId: string; candidateContent: string; candidateDuplicateOf: string | null; distance: number };

/**
 * For each of `embeddings` (position `index` in the list), its `k` nearest chunks of the collection by cosine, in
 * one statement: a LATERAL HNSW search per vector; the session's iterative scan (db/client.ts) keeps the collection
 * predicate from starving it. Ingest calls this under the collection's write lock, after deleting the document's
 * previous chunks and before inserting its new ones, so every chunk found is an earlier one and each new row is
 * written once, with its `duplicate_of` (setting it afterwards rewrote the row and re-inserted it into every index,
 * HNSW and GIN included). `efSearch` applies to this transaction's later vector queries too; the caller owns it.
 * With a segmented chunk index (`segments` > 1) each vector walks every segment and keeps the nearest `k` of all
 * (`nearestOfSegments`).
 */
export async function nearestChunksOf(
  db: Database,
  {
    tenantId,
    collectionId,
    dimension,
    embeddings,
    k,
    efSearch,
    segments = 1,
  }: { tenantId: string; collectionId: string; dimension: number; embeddings: readonly (readonly number[])[]; k: number; efSearch: number; segments?: number },
): Promise<ChunkNeighbour[]> {
  assertDimension(dimension);
  assertSegments(segments);
  if (!Number.isInteger(efSearch) || efSearch < 1 || efSearch > 1000) throw new RangeError(`efSearch must be an integer in 1..1000, got ${efSearch}`);
  if (embeddings.length === 0 || k < 1) return [];
  await db.execute(sql.raw(`SET LOCAL hnsw.ef_search = ${efSearch}`));
  const typmod = sql.raw(`(${dimension})`);
  const vectors = embeddings.map((embedding) => `[${embedding.join(',')}]`);
  const neighbours = nearestOfSegments(
    segments,
    'o.id',
    (segment) => sql`
      SELECT o.id, o.content, o.duplicate_of, o.embedding::vector${typmod} <=> q.embedding AS distance
      FROM chunks o
      WHERE o.tenant_id = ${tenantId} AND o.collection_id = ${collectionId} AND o.embedding_dimension = ${sql.raw(String(dimension))}
        ${segment === undefined ? sql`` : sql`AND ${segment}`}
      ORDER BY distance LIMIT ${k}`,
    { orderBy: sql`distance`, limit: k },
  );
  // Materialised so each vector is parsed once: inlined, the cast would run per row a non-index plan compares.
  const rows = await selectRows<{ index: number; candidate_id: string; candidate_content: string; candidate_duplicate_of: string | null; distance: number }>(db, sql`
    WITH q AS MATERIALIZED (
      SELECT (u.position - 1)::int AS index, u.embedding::vector${typmod} AS embedding
      FROM unnest(${sql.param(vectors)}::text[]) WITH ORDINALITY AS u(embedding, position)
    )
    SELECT q.index, n.id AS candidate_id, n.content AS candidate_content, n.duplicate_of AS candidate_duplicate_of, n.distance
    FROM q CROSS JOIN LATERAL (${neighbours}) n
    ORDER BY q.index, n.distance`);
  return rows.map((row) => ({
    index: row.index,
    candidateId: row.candidate_id,
    candidateContent: row.candidate_content,
    candidateDuplicateOf: row.candidate_duplicate_of,
    distance: Number(row.distance),
  }));
}

/** `duplicate_of` of those of `chunkIds` that are flagged copies. */
export async function findChunkDuplicates(db: Database, tenantId: string, chunkIds: readonly string[]): Promise<Map<string, string>> {
  if (chunkIds.length === 0) return new Map();
  const rows = await selectRows<{ id: string; duplicate_of: string }>(db, sql`
    SELECT id, duplicate_of FROM chunks
    WHERE tenant_id = ${tenantId} AND id = ANY(${sql.param(chunkIds)}::uuid[]) AND duplicate_of IS NOT NULL`);
  return new Map(rows.map((row) => [row.id, row.duplicate_of]));
}

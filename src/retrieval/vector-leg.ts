import { sql } from 'drizzle-orm';
import { SESSION_EF_SEARCH, selectRows, type Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { assertDimension } from '../db/vector-index.js';
import { chunkFilterConditions, type ResolvedFilter } from './filter.js';
import type { LegHit } from './fusion.js';

/**
 * The vector leg: cosine similarity through the per-dimension HNSW index (the `::vector(D)` cast and the
 * `embedding_dimension = D` predicate match the partial expression index). The index spans all collections, so the
 * collection and any filter are predicates on an iterative index scan (pgvector ≥ 0.8, relaxed order, re-sorted
 * outside) with `ef_search` raised to the candidate count. If the index scan still yields fewer rows than the
 * collection can supply (a very selective filter exhausts `hnsw.max_scan_tuples`), the query runs again as an exact
 * scan, so a filter never silently shrinks the result.
 */
export async function searchVector(
  db: Database,
  {
    collection,
    embedding,
    limit,
    filter,
    fused = false,
  }: { collection: CollectionRow; embedding: readonly number[]; limit: number; filter: ResolvedFilter; fused?: boolean },
): Promise<LegHit[]> {
  const dimension = collection.embeddingDimension;
  assertDimension(dimension);
  const literal = `[${embedding.join(',')}]`;
  const efSearch = legEfSearch(collection, limit, { fused });
  // Sessions start with iterative scans on and ef_search = SESSION_EF_SEARCH (db/client.ts), so the common case is
  // one statement; a large collection or a deeper candidate list pays for a transaction to raise it for this query.
  const approximate =
    efSearch <= SESSION_EF_SEARCH
      ? await nearest(db, { collection, literal, limit, filter, useIndex: true })
      : await db.transaction(async (transaction) => {
          await transaction.execute(sql.raw(`SET LOCAL hnsw.ef_search = ${efSearch}`));
          return nearest(transaction, { collection, literal, limit, filter, useIndex: true });
        });
  if (approximate.length >= Math.min(limit, collection.chunkCount)) return approximate;
  return nearest(db, { collection, literal, limit, filter, useIndex: false });
}

/**
 * Collections of at least this many chunks search with LARGE_COLLECTION_EF_SEARCH. Measured on the bench corpus
 * with the chunk index's HNSW_BUILD (scripts/bench/hnsw-tuning.ts, recall@10 of the leg vs exact): at 10k chunks
 * ef_search 100 already gives 0.98; at 100k it gives 0.88, and 400 gives 0.958 (0.93 at 200, 0.965 at 500). Small
 * tables must not get 400: pgvector's cost estimate grows with m × ef_search / index rows, and at 10k rows and
 * ef_search ≥ 200 the planner chose an exact scan instead (bench --quick: VECTOR p50 70 ms instead of ~5 ms). A
 * collection this large implies an index at least this large, where 400 still plans as an index scan.
 */
export const LARGE_COLLECTION_CHUNKS = 50_000;
export const LARGE_COLLECTION_EF_SEARCH = 400;

/**
 * The leg's ef_search: at least the candidate count; in VECTOR mode also enough for recall@10 ≥ 0.95 at the
 * collection's size. A `fused` leg (HYBRID) keeps the session's 100: there it is one of two candidate lists of
 * K ≥ 40 whose ranks fusion blends with BM25's, so a near-tie missed among its lower candidates weighs less than on a
 * VECTOR page (how much less at 100k is not measured yet), while ef_search 400 costs ~4× the index work (bench 100k:
 * HYBRID p95 44 ms with 400, against a 25 ms target).
 */
export function legEfSearch(collection: Pick<CollectionRow, 'chunkCount'>, limit: number, { fused = false }: { fused?: boolean } = {}): number {
  const base = !fused && collection.chunkCount >= LARGE_COLLECTION_CHUNKS ? LARGE_COLLECTION_EF_SEARCH : SESSION_EF_SEARCH;
  return Math.min(1000, Math.max(base, limit));
}

function nearest(
  db: Database,
  {
    collection,
    literal,
    limit,
    filter,
    useIndex,
  }: { collection: CollectionRow; literal: string; limit: number; filter: ResolvedFilter; useIndex: boolean },
): Promise<LegHit[]> {
  const dimension = collection.embeddingDimension;
  // Without the typmod cast the expression no longer matches the index, so the planner does an exact scan.
  const typmod = sql.raw(`(${dimension})`);
  const distance = useIndex
    ? sql`c.embedding::vector${typmod} <=> ${literal}::vector${typmod}`
    : sql`c.embedding <=> ${literal}::vector`;
  // duplicate_of rides along (the row is read anyway), so the near-duplicate collapse needs no statement of its own.
  return selectRows<{ chunk_id: string; distance: number; duplicate_of: string | null }>(db, sql`
    SELECT chunk_id, distance, duplicate_of FROM (
      SELECT c.id AS chunk_id, ${distance} AS distance, c.duplicate_of
      FROM chunks c
      WHERE c.tenant_id = ${collection.tenantId} AND c.collection_id = ${collection.id}
        AND c.embedding_dimension = ${sql.raw(String(dimension))}
        ${chunkFilterConditions(filter)}
      ORDER BY distance
      LIMIT ${limit}
    ) nearest
    ORDER BY distance, chunk_id`).then((rows) =>
    rows.map((row) => ({ chunkId: row.chunk_id, score: 1 - Number(row.distance), duplicateOf: row.duplicate_of })),
  );
}

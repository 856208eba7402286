import { sql } from 'drizzle-orm';
import { selectRows, type Database } from './client.js';
import type { QuestionScope } from './questions.js';
import { assertDimension } from './vector-index.js';

/** What clustering needs of every question: no embedding, no metadata, so 100k of them stay small. */
export type ClusterNode = { id: string; normalizedText: string; normalizedHash: string; canonicalId: string | null };
export type NeighbourPair = { id: string; neighbourId: string; cosine: number };

/** All questions of a collection in creation order (oldest first), as clustering reads them. */
export async function listClusterNodes(db: Database, scope: QuestionScope): Promise<ClusterNode[]> {
  const rows = await selectRows<{ id: string; normalized_text: string; normalized_hash: string; canonical_id: string | null }>(db, sql`
    SELECT id, normalized_text, normalized_hash, canonical_id FROM questions
    WHERE tenant_id = ${scope.tenantId} AND collection_id = ${scope.collectionId}
    ORDER BY created_at, id`);
  return rows.map((row) => ({ id: row.id, normalizedText: row.normalized_text, normalizedHash: row.normalized_hash, canonicalId: row.canonical_id }));
}

/**
 * The `k` nearest questions of each of `ids` in one statement: a LATERAL HNSW search per question, with an iterative
 * scan since the index spans every collection. Exact repeats (same normalised hash) are skipped, so many copies of
 * one question cannot crowd its real neighbours out of the k. Approximate by design: a backlog sweep trades the last
 * percent of recall for not scanning the collection once per question.
 */
export async function nearestNeighbourPairs(
  db: Database,
  scope: QuestionScope & { ids: readonly string[]; k: number; dimension: number },
): Promise<NeighbourPair[]> {
  assertDimension(scope.dimension);
  const typmod = sql.raw(`(${scope.dimension})`);
  const dimension = sql.raw(String(scope.dimension));
  return db.transaction(async (transaction) => {
    await transaction.execute(sql.raw(`SET LOCAL hnsw.ef_search = ${Math.max(20, 2 * scope.k)}`));
    await transaction.execute(sql.raw(`SET LOCAL hnsw.iterative_scan = relaxed_order`));
    const rows = await selectRows<{ id: string; neighbour_id: string; distance: number }>(transaction, sql`
      SELECT q.id, n.id AS neighbour_id, n.distance
      FROM questions q
      CROSS JOIN LATERAL (
        SELECT o.id, o.embedding::vector${typmod} <=> q.embedding::vector${typmod} AS distance
        FROM questions o
        WHERE o.tenant_id = ${scope.tenantId} AND o.collection_id = ${scope.collectionId}
          AND o.embedding_dimension = ${dimension} AND o.normalized_hash <> q.normalized_hash
        ORDER BY distance LIMIT ${scope.k}
      ) n
      WHERE q.tenant_id = ${scope.tenantId} AND q.id = ANY(${sql.param(scope.ids)}::uuid[])
        AND q.embedding_dimension = ${dimension}`);
    return rows.map((row) => ({ id: row.id, neighbourId: row.neighbour_id, cosine: 1 - Number(row.distance) }));
  });
}

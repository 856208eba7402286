import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { selectRows, type Database } from './client.js';
import { answerCache } from './schema.js';
import { assertDimension } from './vector-index.js';

export type NewAnswerCacheEntry = Omit<typeof answerCache.$inferInsert, 'id' | 'createdAt'>;

/** A stored answer as lookups read it (no embedding), with its similarity to the asking question. */
export type AnswerCacheCandidate = {
  id: string;
  question: string;
  answer: Record<string, unknown>;
  citedChunks: { chunkId: string; contentHash: string }[];
  model: string;
  similarity: number;
};

type Scope = { tenantId: string; collectionId: string; parametersHash: string };

export async function insertAnswerCacheEntry(db: Database, values: NewAnswerCacheEntry): Promise<void> {
  await db.insert(answerCache).values(values);
}

/** The newest live entry for exactly this normalised question (b-tree lookup), similarity 1. */
export async function findExactAnswer(
  db: Database,
  { tenantId, collectionId, parametersHash, normalizedHash }: Scope & { normalizedHash: string },
): Promise<AnswerCacheCandidate | undefined> {
  const [row] = await db
    .select({ id: answerCache.id, question: answerCache.question, answer: answerCache.answer, citedChunks: answerCache.citedChunks, model: answerCache.model })
    .from(answerCache)
    .where(
      and(
        eq(answerCache.tenantId, tenantId),
        eq(answerCache.collectionId, collectionId),
        eq(answerCache.parametersHash, parametersHash),
        eq(answerCache.normalizedHash, normalizedHash),
        gt(answerCache.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(answerCache.createdAt))
    .limit(1);
  return row === undefined ? undefined : { ...row, similarity: 1 };
}

/**
 * Live entries nearest to `embedding` in cosine similarity, best first, through the per-dimension HNSW index
 * (iterative scan, since the index spans every collection and the scope is a filter on it).
 */
export async function findNearestAnswers(
  db: Database,
  { tenantId, collectionId, parametersHash, embedding, limit }: Scope & { embedding: readonly number[]; limit: number },
): Promise<AnswerCacheCandidate[]> {
  const dimension = embedding.length;
  assertDimension(dimension);
  const typmod = sql.raw(`(${dimension})`);
  const literal = `[${embedding.join(',')}]`;
  return db.transaction(async (transaction) => {
    await transaction.execute(sql.raw(`SET LOCAL hnsw.iterative_scan = relaxed_order`));
    const rows = await selectRows<{ id: string; question: string; answer: Record<string, unknown>; cited_chunks: AnswerCacheCandidate['citedChunks']; model: string; distance: number }>(
      transaction,
      sql`
        SELECT id, question, answer, cited_chunks, model, distance FROM (
          SELECT id, question, answer, cited_chunks, model, created_at,
                 embedding::vector${typmod} <=> ${literal}::vector${typmod} AS distance
          FROM answer_cache
          WHERE tenant_id = ${tenantId} AND collection_id = ${collectionId} AND parameters_hash = ${parametersHash}
            AND embedding_dimension = ${sql.raw(String(dimension))} AND expires_at > now()
          ORDER BY distance
          LIMIT ${limit}
        ) nearest
        ORDER BY distance, created_at DESC`,
    );
    return rows.map((row) => ({
      id: row.id,
      question: row.question,
      answer: row.answer,
      citedChunks: row.cited_chunks,
      model: row.model,
      similarity: 1 - Number(row.distance),
    }));
  });
}

/** Deletes expired entries of every tenant; returns how many. */
export async function deleteExpiredAnswers(db: Database, now: Date): Promise<number> {
  const [row] = await selectRows<{ count: number }>(db, sql`
    WITH deleted AS (DELETE FROM answer_cache WHERE expires_at <= ${now.toISOString()}::timestamptz RETURNING 1)
    SELECT count(*)::int AS count FROM deleted`);
  return row?.count ?? 0;
}

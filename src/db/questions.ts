import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { questions, type QuestionRow } from './schema.js';
import { assertDimension } from './vector-index.js';

/** A question as the API reads it: everything but the embedding, which is large and internal. */
export type QuestionView = Omit<QuestionRow, 'embedding'>;
export type NewQuestion = Omit<typeof questions.$inferInsert, 'id' | 'createdAt'>;
export type QuestionScope = { tenantId: string; collectionId: string };
export type QuestionNeighbour = { question: QuestionView; cosine: number };

const viewColumns = {
  id: questions.id,
  tenantId: questions.tenantId,
  collectionId: questions.collectionId,
  externalId: questions.externalId,
  text: questions.text,
  normalizedText: questions.normalizedText,
  normalizedHash: questions.normalizedHash,
  canonicalId: questions.canonicalId,
  metadata: questions.metadata,
  embeddingDimension: questions.embeddingDimension,
  createdAt: questions.createdAt,
};
const inScope = ({ tenantId, collectionId }: QuestionScope) => and(eq(questions.tenantId, tenantId), eq(questions.collectionId, collectionId));
const creationOrder = [asc(questions.createdAt), asc(questions.id)];

/** Inserts a question; undefined when its external id is already taken in the collection (a concurrent submit won). */
export async function insertQuestion(db: Database, values: NewQuestion): Promise<QuestionView | undefined> {
  const [row] = await db
    .insert(questions)
    .values(values)
    .onConflictDoNothing({ target: [questions.collectionId, questions.externalId] })
    .returning(viewColumns);
  return row;
}

/**
 * Serialises, until the transaction ends, every submit of the same normalised text to one collection, so two
 * identical questions arriving together are linked to one canonical question instead of both becoming canonical.
 */
export async function lockQuestionText(db: Database, { collectionId, normalizedHash }: { collectionId: string; normalizedHash: string }): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`questions:${collectionId}:${normalizedHash}`}, 0))`);
}

export async function findQuestionByExternalId(db: Database, scope: QuestionScope & { externalId: string }): Promise<QuestionView | undefined> {
  const [row] = await db.select(viewColumns).from(questions).where(and(inScope(scope), eq(questions.externalId, scope.externalId)));
  return row;
}

/** Questions by id within a tenant; `forUpdate` row-locks them for the rest of the transaction. */
export async function findQuestionsByIds(
  db: Database,
  tenantId: string,
  ids: readonly string[],
  { lock }: { lock?: 'update' | 'share' } = {},
): Promise<QuestionView[]> {
  if (ids.length === 0) return [];
  const query = db
    .select(viewColumns)
    .from(questions)
    .where(and(eq(questions.tenantId, tenantId), sql`${questions.id} = ANY(${sql.param(ids)}::uuid[])`))
    .orderBy(...creationOrder);
  return lock === undefined ? query : query.for(lock);
}

/** Earlier questions with exactly this normalised text, oldest first: exact repeats are always duplicates. */
export async function findQuestionsByHash(db: Database, scope: QuestionScope & { normalizedHash: string; limit: number }): Promise<QuestionView[]> {
  return db
    .select(viewColumns)
    .from(questions)
    .where(and(inScope(scope), eq(questions.normalizedHash, scope.normalizedHash)))
    .orderBy(...creationOrder)
    .limit(scope.limit);
}

/** Keyset page in creation order; `afterId` is the last question of the previous page. */
export async function listQuestions(
  db: Database,
  scope: QuestionScope & { canonicalOnly: boolean; first: number; afterId: string | undefined },
): Promise<QuestionView[]> {
  const conditions = [inScope(scope)];
  if (scope.canonicalOnly) conditions.push(isNull(questions.canonicalId));
  if (scope.afterId !== undefined) {
    conditions.push(sql`(${questions.createdAt}, ${questions.id}) > (SELECT created_at, id FROM questions WHERE id = ${scope.afterId})`);
  }
  return db.select(viewColumns).from(questions).where(and(...conditions)).orderBy(...creationOrder).limit(scope.first);
}

export async function setCanonical(db: Database, { tenantId, id, canonicalId }: { tenantId: string; id: string; canonicalId: string | null }): Promise<QuestionView | undefined> {
  const [row] = await db
    .update(questions)
    .set({ canonicalId })
    .where(and(eq(questions.tenantId, tenantId), eq(questions.id, id)))
    .returning(viewColumns);
  return row;
}

/** Moves every duplicate of `fromId` to `toId`, keeping links one level deep (a duplicate points at a root). */
export async function relinkDuplicates(db: Database, { tenantId, fromId, toId }: { tenantId: string; fromId: string; toId: string }): Promise<void> {
  await db
    .update(questions)
    .set({ canonicalId: toId })
    .where(and(eq(questions.tenantId, tenantId), eq(questions.canonicalId, fromId)));
}

/**
 * The questions nearest to `embedding` by cosine, through the per-dimension HNSW index with an iterative scan (the
 * index spans every collection; the scope is a filter on it). If the scan yields fewer than `limit` rows (a small
 * collection, or a selective scope exhausting `hnsw.max_scan_tuples`), an exact scan of the collection answers.
 */
export async function nearestQuestions(
  db: Database,
  scope: QuestionScope & { embedding: readonly number[]; limit: number },
): Promise<QuestionNeighbour[]> {
  const approximate = await db.transaction(async (transaction) => {
    await transaction.execute(sql.raw(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(40, scope.limit))}`));
    await transaction.execute(sql.raw(`SET LOCAL hnsw.iterative_scan = relaxed_order`));
    return nearest(transaction, scope, true);
  });
  return approximate.length >= scope.limit ? approximate : nearest(db, scope, false);
}

async function nearest(db: Database, scope: QuestionScope & { embedding: readonly number[]; limit: number }, useIndex: boolean): Promise<QuestionNeighbour[]> {
  const dimension = scope.embedding.length;
  assertDimension(dimension);
  const typmod = sql.raw(`(${dimension})`);
  const literal = `[${scope.embedding.join(',')}]`;
  // Without the typmod cast the expression no longer matches the index, so the planner scans the collection exactly.
  const distance = useIndex
    ? sql<number>`${questions.embedding}::vector${typmod} <=> ${literal}::vector${typmod}`
    : sql<number>`${questions.embedding} <=> ${literal}::vector`;
  const rows = await db
    .select({ ...viewColumns, distance })
    .from(questions)
    // The dimension is inlined, not bound: the partial index's predicate must be provable at plan time.
    .where(and(inScope(scope), sql`${questions.embeddingDimension} = ${sql.raw(String(dimension))}`))
    .orderBy(distance)
    .limit(scope.limit);
  // A relaxed-order iterative scan may return rows slightly out of order.
  return rows
    .map(({ distance: rowDistance, ...question }) => ({ question, cosine: 1 - Number(rowDistance) }))
    .sort((a, b) => b.cosine - a.cosine || a.question.id.localeCompare(b.question.id));
}

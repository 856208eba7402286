import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

/**
 * Chunks of every dimension share one unconstrained `vector` column, so an HNSW index is a partial expression index
 * per dimension: `(embedding::vector(D)) vector_cosine_ops WHERE embedding_dimension = D`. Vector queries repeat
 * the same cast and predicate to use it. This is the one function that runs DDL outside migrations; it is called at
 * start-up and when a collection with a new dimension is created, never on the search path.
 */
export async function ensureVectorIndex(db: Database, dimension: number, tables: readonly VectorTable[] = VECTOR_TABLES): Promise<void> {
  assertDimension(dimension);
  for (const table of tables) {
    await db.execute(
      sql.raw(
        `CREATE INDEX IF NOT EXISTS "${vectorIndexName(table, dimension)}" ON ${table} ` +
          `USING hnsw ((embedding::vector(${dimension})) vector_cosine_ops) ` +
          `WITH (m = 16, ef_construction = 64) WHERE embedding_dimension = ${dimension}`,
      ),
    );
  }
}

/** Bulk loads drop the chunk index and rebuild it once at the end (HNSW inserts are ~20× slower than a build). */
export async function dropVectorIndex(db: Database, dimension: number, table: VectorTable = 'chunks'): Promise<void> {
  assertDimension(dimension);
  await db.execute(sql.raw(`DROP INDEX IF EXISTS "${vectorIndexName(table, dimension)}"`));
}

/** Tables with an `embedding vector` + `embedding_dimension` pair. */
export const VECTOR_TABLES = ['chunks', 'questions', 'answer_cache'] as const;
export type VectorTable = (typeof VECTOR_TABLES)[number];

export function vectorIndexName(table: VectorTable, dimension: number): string {
  return `${table}_embedding_${dimension}_hnsw`;
}

/** Dimensions are inlined into SQL (a cast's typmod cannot be a parameter), so they are checked to be plain integers. */
export function assertDimension(dimension: number): void {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 2000) {
    throw new RangeError(`embedding dimension must be an integer in 1..2000 (HNSW limit), got ${dimension}`);
  }
}

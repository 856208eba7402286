import { sql } from 'drizzle-orm';
import { selectRows, type Database } from './client.js';

/**
 * HNSW build parameters per table. The chunk index's were chosen with `scripts/bench/hnsw-tuning.ts` on the bench corpus at
 * 100k chunks (384-d local embedder, 100 queries; recall@10 of the leg vs exact at the ef_search reaching ≥ 0.95,
 * with shared buffers per query as the load-independent cost; build at 1 GB maintenance_work_mem on a loaded 2-core
 * machine):
 *   m 16, ef_construction 64 (pgvector's default): 0.89 at ef_search 400 (4.2k buffers), 0.94 at 800 (8.9k); build 84 s
 *   m 16, ef_construction 128:  0.93 at 400 (4.9k), 0.96 at 800 (10.6k); build 59 s
 *   m 24, ef_construction 100:  0.94 at 400 (5.9k), 0.96 at 800 (12.9k); build 76 s
 *   m 16, ef_construction 256:  0.95 at 400 (6.1k), 0.953 at 500 (7.6k); build 177 s
 *   m 32, ef_construction 128:  0.958 at 400 (7.6k; two builds alike), 0.965 at 500 (9.8k); build 117–124 s
 * Short queries sit far from every chunk there (nearest cosine distance ~0.65, 100th ~0.75), which is hard for any
 * graph: every setting costs 6–8k buffers at 0.95. m 32 / 128 gets there cheapest per query (the leg's ef_search
 * for large collections, retrieval/vector-leg.ts, is set to match), at about twice the build time of m 16 / 64.
 * Questions and cached answers keep pgvector's defaults: their probes set their own ef_search and were measured so.
 */
export const HNSW_BUILD: Readonly<Record<VectorTable, { m: number; efConstruction: number }>> = {
  chunks: { m: 32, efConstruction: 128 },
  questions: { m: 16, efConstruction: 64 },
  answer_cache: { m: 16, efConstruction: 64 },
};

/**
 * maintenance_work_mem for a rebuild at start-up: 4× the server default, and within what PGlite's WASM heap allows
 * (bulk-load.ts caps it there too). A large index still builds partly on disk at this size; bulk loads raise it.
 */
const REBUILD_MAINTENANCE_WORK_MEM_MB = 256;

/**
 * Chunks of every dimension share one unconstrained `vector` column, so an HNSW index is a partial expression index
 * per dimension: `(embedding::vector(D)) vector_cosine_ops WHERE embedding_dimension = D`. Vector queries repeat
 * the same cast and predicate to use it. This is the one function that runs DDL outside migrations; it is called at
 * start-up and when a collection with a new dimension is created, never on the search path.
 *
 * An index built with other parameters than `HNSW_BUILD`'s (an older release's) is rebuilt, never kept silently:
 * the new one is built under a temporary name while searches keep using the old one (CREATE INDEX blocks writes to
 * the table, not reads), then swapped in by name in the same transaction. A transaction-scoped advisory lock makes
 * processes starting together (server and worker) build it once: the second finds it current.
 */
export async function ensureVectorIndex(db: Database, dimension: number, tables: readonly VectorTable[] = VECTOR_TABLES): Promise<void> {
  assertDimension(dimension);
  for (const table of tables) {
    const name = vectorIndexName(table, dimension);
    await db.transaction(async (transaction) => {
      await transaction.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`ragway:${name}`}))`);
      const current = await indexState(transaction, name);
      if (current !== undefined && isCurrent(current, HNSW_BUILD[table])) return;
      if (current === undefined) {
        await transaction.execute(sql.raw(createIndexSql(table, dimension, name)));
        return;
      }
      const rebuilt = `${name}_rebuild`;
      await transaction.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${REBUILD_MAINTENANCE_WORK_MEM_MB}MB'`));
      await transaction.execute(sql.raw(`DROP INDEX IF EXISTS "${rebuilt}"`));
      await transaction.execute(sql.raw(createIndexSql(table, dimension, rebuilt)));
      await transaction.execute(sql.raw(`DROP INDEX "${name}"`));
      await transaction.execute(sql.raw(`ALTER INDEX "${rebuilt}" RENAME TO "${name}"`));
    });
  }
}

function createIndexSql(table: VectorTable, dimension: number, name: string): string {
  const { m, efConstruction } = HNSW_BUILD[table];
  return (
    `CREATE INDEX "${name}" ON ${table} USING hnsw ((embedding::vector(${dimension})) vector_cosine_ops) ` +
    `WITH (m = ${m}, ef_construction = ${efConstruction}) WHERE embedding_dimension = ${dimension}`
  );
}

type IndexState = { options: Map<string, string>; operatorClass: string };

/** The index's storage options (`m=16`, `ef_construction=64`) and operator class by name; undefined when absent. */
async function indexState(db: Database, name: string): Promise<IndexState | undefined> {
  const [row] = await selectRows<{ options: string[] | null; operator_class: string }>(db, sql`
    SELECT c.reloptions AS options, o.opcname AS operator_class
    FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_opclass o ON o.oid = i.indclass[0]
    WHERE c.relname = ${name} AND c.relnamespace = current_schema()::regnamespace`);
  if (row === undefined) return undefined;
  const options = new Map((row.options ?? []).map((option) => option.split('=', 2) as [string, string]));
  return { options, operatorClass: row.operator_class };
}

/** Absent options mean pgvector's defaults (m 16, ef_construction 64), which is what such an index was built with. */
function isCurrent({ options, operatorClass }: IndexState, { m, efConstruction }: { m: number; efConstruction: number }): boolean {
  return operatorClass === 'vector_cosine_ops' && Number(options.get('m') ?? 16) === m && Number(options.get('ef_construction') ?? 64) === efConstruction;
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

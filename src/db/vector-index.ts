import { sql, type SQL } from 'drizzle-orm';
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
 * How many partial HNSW indexes the chunks of one dimension are split into (`VECTOR_INDEX_SEGMENTS`), by a hash of
 * the chunk id: each segment's graph holds 1/S of the rows, and the vector leg walks every segment and merges their
 * candidates by exact distance. One graph over many rows loses recall on hard data at any ef_search pgvector allows
 * (bench corpus at 1M chunks: 0.92 at ef_search 1,000, the maximum); a segment's graph is S times smaller, and the
 * global top 10 needs only a few of each segment's best, which its walk finds far more reliably — the segment
 * layout of Milvus or Lucene, inside one table. S walks cost more than one: a deployment past ~500k chunks of a
 * dimension trades latency for recall (README, "Vector index").
 */
export const VECTOR_INDEX_SEGMENT_COUNTS = [1, 2, 4, 8, 16] as const;
export type VectorIndexSegments = (typeof VECTOR_INDEX_SEGMENT_COUNTS)[number];

/**
 * The row condition of chunk segment `segment` of `segments`, over the chunk id column `idColumn`. The index
 * predicate and the query use this one text, so the planner matches them (a power-of-two mask of an immutable hash).
 */
export function segmentCondition(idColumn: string, segments: number, segment: number): string {
  return `(uuid_hash(${idColumn}) & ${segments - 1}) = ${segment}`;
}

/**
 * The nearest rows over every segment, in one statement: `branch` runs once per segment with that segment's row
 * condition on `idColumn` (so each branch's plan walks its own partial index) and the branches' rows are merged by
 * `orderBy` to `limit`. The union is materialised before the merge: an iterative scan in relaxed order hands a
 * branch's rows back only nearly sorted, and a Merge Append trusting their order could cut a nearer row. One segment
 * is `branch(undefined)` as is. Used by the vector leg and by ingest's near-duplicate probe, where `branch` may refer
 * to a LATERAL query's columns (the CTE is then evaluated again for each outer row).
 */
export function nearestOfSegments(
  segments: number,
  idColumn: string,
  branch: (condition: SQL | undefined) => SQL,
  { orderBy, limit }: { orderBy: SQL; limit: number },
): SQL {
  if (segments === 1) return branch(undefined);
  const branches = Array.from({ length: segments }, (_, segment) => sql`(${branch(sql.raw(segmentCondition(idColumn, segments, segment)))})`);
  return sql`
    SELECT * FROM (
      WITH candidates AS MATERIALIZED (${sql.join(branches, sql` UNION ALL `)})
      SELECT * FROM candidates ORDER BY ${orderBy} LIMIT ${limit}
    ) merged`;
}

/** The chunk vector index names of a dimension: one unsegmented index, or one per segment. */
export function chunkVectorIndexNames(dimension: number, segments: number): string[] {
  if (segments === 1) return [vectorIndexName('chunks', dimension)];
  return Array.from({ length: segments }, (_, segment) => `chunks_embedding_${dimension}_s${segments}_${segment}_hnsw`);
}

/** True for any chunk vector index of the dimension, whatever its segmentation. */
export function isChunkVectorIndexName(name: string, dimension: number): boolean {
  return name === vectorIndexName('chunks', dimension) || new RegExp(`^chunks_embedding_${dimension}_s\\d+_\\d+_hnsw$`).test(name);
}

export type EnsureVectorIndexOptions = {
  tables?: readonly VectorTable[];
  /** Segments of the chunk index (`VECTOR_INDEX_SEGMENTS`). @default 1 */
  chunkSegments?: number;
};

/**
 * Chunks of every dimension share one unconstrained `vector` column, so an HNSW index is a partial expression index
 * per dimension: `(embedding::vector(D)) vector_cosine_ops WHERE embedding_dimension = D` (per segment, with the
 * segment's condition too). Vector queries repeat the same cast and predicate to use it. This is the one function
 * that runs DDL outside migrations; it is called at start-up and when a collection with a new dimension is created,
 * never on the search path.
 *
 * An index built with other parameters than `HNSW_BUILD`'s (an older release's) is rebuilt, never kept silently:
 * the new one is built under a temporary name while searches keep using the old one (CREATE INDEX blocks writes to
 * the table, not reads), then swapped in by name in the same transaction. Chunk indexes of another segmentation
 * (`VECTOR_INDEX_SEGMENTS` changed) are dropped once the configured ones exist. A transaction-scoped advisory lock
 * makes processes starting together (server and worker) build each index once: the second finds it current.
 */
export async function ensureVectorIndex(db: Database, dimension: number, { tables = VECTOR_TABLES, chunkSegments = 1 }: EnsureVectorIndexOptions = {}): Promise<void> {
  assertDimension(dimension);
  assertSegments(chunkSegments);
  for (const table of tables) {
    const names = table === 'chunks' ? chunkVectorIndexNames(dimension, chunkSegments) : [vectorIndexName(table, dimension)];
    for (const [segment, name] of names.entries()) {
      const spec: IndexSpec = { table, dimension, name, segment: table === 'chunks' && chunkSegments > 1 ? { of: chunkSegments, index: segment } : undefined };
      await ensureIndex(db, spec);
    }
    if (table === 'chunks') await dropOtherSegmentations(db, dimension, names);
  }
}

type IndexSpec = { table: VectorTable; dimension: number; name: string; segment: { of: number; index: number } | undefined };

async function ensureIndex(db: Database, spec: IndexSpec): Promise<void> {
  const { name } = spec;
  await db.transaction(async (transaction) => {
    await transaction.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`ragway:${name}`}))`);
    const current = await indexState(transaction, name);
    if (current !== undefined && isCurrent(current, HNSW_BUILD[spec.table])) return;
    if (current === undefined) {
      await transaction.execute(sql.raw(createIndexSql(spec, name)));
      return;
    }
    const rebuilt = `${name}_rebuild`;
    await transaction.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${REBUILD_MAINTENANCE_WORK_MEM_MB}MB'`));
    await transaction.execute(sql.raw(`DROP INDEX IF EXISTS "${rebuilt}"`));
    await transaction.execute(sql.raw(createIndexSql(spec, rebuilt)));
    await transaction.execute(sql.raw(`DROP INDEX "${name}"`));
    await transaction.execute(sql.raw(`ALTER INDEX "${rebuilt}" RENAME TO "${name}"`));
  });
}

/** Drops the dimension's chunk vector indexes that are not among `keep` (another segmentation's). */
async function dropOtherSegmentations(db: Database, dimension: number, keep: readonly string[]): Promise<void> {
  const rows = await selectRows<{ name: string }>(db, sql`
    SELECT c.relname AS name FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
    WHERE i.indrelid = 'chunks'::regclass AND c.relnamespace = current_schema()::regnamespace`);
  for (const { name } of rows) {
    if (isChunkVectorIndexName(name, dimension) && !keep.includes(name)) await db.execute(sql.raw(`DROP INDEX IF EXISTS "${name}"`));
  }
}

function createIndexSql({ table, dimension, segment }: IndexSpec, name: string): string {
  const { m, efConstruction } = HNSW_BUILD[table];
  const segmentPredicate = segment === undefined ? '' : ` AND ${segmentCondition('id', segment.of, segment.index)}`;
  return (
    `CREATE INDEX "${name}" ON ${table} USING hnsw ((embedding::vector(${dimension})) vector_cosine_ops) ` +
    `WITH (m = ${m}, ef_construction = ${efConstruction}) WHERE embedding_dimension = ${dimension}${segmentPredicate}`
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

/** Drops a table's (unsegmented) vector index of a dimension, for benchmarks that rebuild it. */
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

/** Segment counts are inlined into SQL as a bit mask, so they are checked to be one of the supported powers of two. */
export function assertSegments(segments: number): asserts segments is VectorIndexSegments {
  if (!(VECTOR_INDEX_SEGMENT_COUNTS as readonly number[]).includes(segments)) {
    throw new RangeError(`vector index segments must be one of ${VECTOR_INDEX_SEGMENT_COUNTS.join(', ')}, got ${segments}`);
  }
}

/** Dimensions are inlined into SQL (a cast's typmod cannot be a parameter), so they are checked to be plain integers. */
export function assertDimension(dimension: number): void {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 2000) {
    throw new RangeError(`embedding dimension must be an integer in 1..2000 (HNSW limit), got ${dimension}`);
  }
}

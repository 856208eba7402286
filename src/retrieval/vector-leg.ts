import { sql, type SQL } from 'drizzle-orm';
import { SESSION_EF_SEARCH, selectRows, type Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { assertDimension, assertSegments, nearestOfSegments } from '../db/vector-index.js';
import { chunkFilterConditions, hasFilter, type ResolvedFilter } from './filter.js';
import type { LegHit } from './fusion.js';

/**
 * The vector leg: cosine similarity through the per-dimension HNSW index (the `::vector(D)` cast and the
 * `embedding_dimension = D` predicate match the partial expression index). The index spans all collections, so the
 * collection and any filter are predicates on an iterative index scan (pgvector ≥ 0.8, relaxed order, re-sorted
 * outside) with `ef_search` raised to the candidate count.
 *
 * Few matching rows are ranked exactly instead (`exactScanMaxRows`): a graph walk whose filter rejects most of
 * the tuples it meets pays a heap visit per rejected tuple and may still stop short, where fetching the few matching
 * rows through the filter's own index (btree on the collection, GIN on metadata) and sorting them is cheap and
 * exact — the switch vector engines such as Qdrant make from a filter's cardinality. PostgreSQL's planner makes it
 * from an estimate, which for jsonb containment is a fixed guess, so the leg counts: an unfiltered search knows its
 * row count (the collection's `chunk_count`); a filtered one counts its matches, capped at the threshold, in the
 * same statement, and only the chosen branch runs. If the index scan still yields fewer rows than the filter can
 * supply (`hnsw.max_scan_tuples` exhausted), the query runs again as an exact scan, so a filter never silently
 * shrinks the result.
 */
export async function searchVector(db: Database, options: VectorLegOptions): Promise<LegHit[]> {
  return (await scanVector(db, options)).hits;
}

export type VectorLegOptions = {
  collection: CollectionRow;
  embedding: readonly number[];
  limit: number;
  filter: ResolvedFilter;
  /** The leg feeds HYBRID fusion (see `legEfSearch`). */
  fused?: boolean;
  /** Matching rows up to which the leg ranks exactly. @default exactScanMaxRows(collection) */
  exactScanMaxRows?: number;
  /** Segments of the chunk vector index (`VECTOR_INDEX_SEGMENTS`): each is walked, their candidates merged. @default 1 */
  segments?: number;
  /** Overrides `legEfSearch` (the bench's ef_search sweep). */
  efSearch?: number;
};

export type VectorScan = { hits: LegHit[]; scan: 'exact' | 'index' };

/** `searchVector` that also says which scan answered (for tests and the bench). */
export async function scanVector(db: Database, options: VectorLegOptions): Promise<VectorScan> {
  const { collection, embedding, limit, filter, fused = false, segments = 1 } = options;
  const exactRows = options.exactScanMaxRows ?? exactScanMaxRows(collection);
  const dimension = collection.embeddingDimension;
  assertDimension(dimension);
  assertSegments(segments);
  const scope = { collection, literal: `[${embedding.join(',')}]`, limit, filter, segments };
  if (collection.chunkCount <= exactRows) return { hits: await nearest(db, { ...scope, useIndex: false }), scan: 'exact' };
  const efSearch = options.efSearch ?? legEfSearch(collection, limit, { fused, segments });
  if (!Number.isInteger(efSearch) || efSearch < 1 || efSearch > PGVECTOR_MAX_EF_SEARCH) throw new RangeError(`efSearch must be an integer in 1..1000, got ${efSearch}`);
  const search = (executor: Database) =>
    hasFilter(filter) ? nearestBySelectivity(executor, { ...scope, exactScanMaxRows: exactRows }) : nearest(executor, { ...scope, useIndex: true }).then(indexScan);
  // Sessions start with iterative scans on and ef_search = SESSION_EF_SEARCH (db/client.ts), so the common case is
  // one statement; a large collection or a deeper candidate list pays for a transaction to raise it for this query.
  const found =
    efSearch === SESSION_EF_SEARCH
      ? await search(db)
      : await db.transaction(async (transaction) => {
          await transaction.execute(sql.raw(`SET LOCAL hnsw.ef_search = ${efSearch}`));
          return search(transaction);
        });
  if (found.scan === 'exact' || found.hits.length >= Math.min(limit, collection.chunkCount)) return found;
  return { hits: await nearest(db, { ...scope, useIndex: false }), scan: 'exact' };
}

/**
 * Up to how many matching rows the leg ranks exactly: 12 × √(collection chunks), at least 1,000 (3,795 at 100k,
 * 12,000 at 1M). Above it the statement is left to the planner, which picks the HNSW walk or a bitmap scan plus sort
 * from its own row estimate — the leg's only behaviour before this threshold existed. That estimate is often wrong
 * for filters (jsonb containment is a fixed guess): at 1M the planner walked the graph for the bench's 1 % filter
 * (recall@10 0.84) and for a 4,000-document filter (659 ms). An exact ranking pays one heap fetch per matching row
 * (~12 µs at 1M), a filtered walk about K / selectivity tuples with a heap fetch each, so the break-even grows with
 * the collection, roughly as its square root. Measured (`scripts/bench/vector-filter-crossover.ts`: medians, K = 40,
 * exact vs the planner's choice), 1M chunks: 1,000 rows 6.5 vs 9.6 ms, 2,000 15 vs 22, 4,000 69 vs 659, 10,000
 * (1 %) 121 vs 140; 100k chunks: 1,000 8.2 vs 11.8, 2,000 15.5 vs 22.3, 4,000 44 vs 94, 1,010 (1 %) 5.6 vs 5.9.
 * The factor 12 puts the 1M threshold past the largest size measured in exact's favour (10,000). Those figures
 * predate inline vector storage (migration 0004), which made exact rankings 2–6× cheaper: 100k chunks since then,
 * 1,000 rows 3.3 vs 6.4 ms, 4,000 23 vs 65, 8,000 43 vs 73, 16,000 77 vs 97 — exact wins at every size measured, so
 * the threshold is conservative until remeasured at 1M. Below ~1,000
 * chunks the whole collection is cheaper to rank than to walk a shared index for.
 */
export function exactScanMaxRows(collection: Pick<CollectionRow, 'chunkCount'>): number {
  return Math.max(MIN_EXACT_SCAN_ROWS, Math.round(12 * Math.sqrt(collection.chunkCount)));
}

const MIN_EXACT_SCAN_ROWS = 1000;

const indexScan = (hits: LegHit[]): VectorScan => ({ hits, scan: 'index' });

/**
 * VECTOR mode's ef_search by the rows one graph holds (the collection's chunks, divided among the index segments),
 * largest tier first. Measured on the bench corpus with the chunk index's HNSW_BUILD (recall@10 of the leg vs
 * exact): at 10k chunks ef_search 100 already gives 0.98; at 100k 400 gives 0.94–0.96 depending on the build
 * (parallel builds differ), 500 gives 0.965 (`scripts/bench/hnsw-tuning.ts`); at 1M in one graph
 * (`npm run bench -- --size 1m`) 400 gives 0.88, 800 0.91 and 1,000 — pgvector's maximum — 0.92: no setting of
 * one graph reaches 0.95 there. In 4 segments of 250k (`scripts/bench/vector-segments-experiment.ts`) 400 gives
 * 0.946 and 1,000 0.970, hence 700 from 200k rows per graph; in 8 of 125k, 200 gives 0.94 and 400 0.96–0.97 (two
 * builds). Small tables must not get more than 100: pgvector's cost estimate grows with m × ef_search / index rows,
 * and at 10k rows and ef_search ≥ 200 the planner chose an exact scan instead (bench --quick: VECTOR p50 70 ms
 * instead of ~5 ms). A collection this large implies an index at least this large.
 */
const VECTOR_EF_SEARCH_TIERS = [
  { minChunks: 500_000, efSearch: 1000 },
  { minChunks: 200_000, efSearch: 700 },
  { minChunks: 100_000, efSearch: 500 },
  { minChunks: 50_000, efSearch: 400 },
] as const;

/**
 * The leg's ef_search: at least the candidate count; in VECTOR mode also enough for recall@10 ≥ 0.95 at the
 * collection's size where the index can give it. A `fused` leg (HYBRID) keeps the session's 100: there it is one of
 * two candidate lists of K ≥ 40 whose ranks fusion blends with BM25's, so a near-tie missed among its lower candidates
 * weighs less than on a VECTOR page, while ef_search 400 costs ~4× the index work (bench 100k: HYBRID p95 44 ms with
 * 400, against a 25 ms target). With a segmented index the fused leg splits those 100 between the segments (never
 * below K), so HYBRID's index work stays about what one walk costs: at 1M, 4 segments at 40 each found 0.75 of the
 * exact top 10 where one graph at 100 found 0.70 (`scripts/bench/vector-segments-experiment.ts`).
 */
export function legEfSearch(
  collection: Pick<CollectionRow, 'chunkCount'>,
  limit: number,
  { fused = false, segments = 1 }: { fused?: boolean; segments?: number } = {},
): number {
  if (fused) return Math.min(PGVECTOR_MAX_EF_SEARCH, Math.max(Math.ceil(SESSION_EF_SEARCH / segments), limit));
  // A segmented index walks S graphs of about chunkCount / S rows each (db/vector-index.ts).
  const rowsPerGraph = collection.chunkCount / segments;
  const tier = VECTOR_EF_SEARCH_TIERS.find((candidate) => rowsPerGraph >= candidate.minChunks);
  return Math.min(PGVECTOR_MAX_EF_SEARCH, Math.max(tier?.efSearch ?? SESSION_EF_SEARCH, limit));
}

const PGVECTOR_MAX_EF_SEARCH = 1000;

type NearestScope = { collection: CollectionRow; literal: string; limit: number; filter: ResolvedFilter; segments: number };
type NearestRow = { chunk_id: string; distance: number; duplicate_of: string | null };

function nearest(db: Database, { useIndex, ...scope }: NearestScope & { useIndex: boolean }): Promise<LegHit[]> {
  return selectRows<NearestRow>(db, sql`
    SELECT chunk_id, distance, duplicate_of FROM (${nearestSql(scope, { useIndex })}) nearest
    ORDER BY distance, chunk_id`).then(toLegHits);
}

/**
 * One statement: counts the filter's matches up to `exactScanMaxRows + 1` (an InitPlan, run once), then runs only
 * the branch the count selects — the exact ranking of those few rows, or the index-typed query whose plan is left
 * to the planner.
 */
async function nearestBySelectivity(db: Database, { exactScanMaxRows, ...scope }: NearestScope & { exactScanMaxRows: number }): Promise<VectorScan> {
  const rows = await selectRows<NearestRow & { exact: boolean }>(db, sql`
    WITH selective AS MATERIALIZED (
      SELECT count(*) <= ${exactScanMaxRows} AS exact
      FROM (SELECT 1 FROM chunks c WHERE ${scopeConditions(scope)} LIMIT ${exactScanMaxRows + 1}) matching
    )
    SELECT chunk_id, distance, duplicate_of, (SELECT exact FROM selective) AS exact FROM (
      (${nearestSql(scope, { useIndex: false, when: sql`(SELECT exact FROM selective)` })})
      UNION ALL
      (${nearestSql(scope, { useIndex: true, when: sql`NOT (SELECT exact FROM selective)` })})
    ) nearest
    ORDER BY distance, chunk_id`);
  // No rows means no match at all, or an index scan that found none: the caller's exact fallback settles which.
  return { hits: toLegHits(rows), scan: rows[0]?.exact === true ? 'exact' : 'index' };
}

function scopeConditions({ collection, filter }: Pick<NearestScope, 'collection' | 'filter'>): SQL {
  return sql`c.tenant_id = ${collection.tenantId} AND c.collection_id = ${collection.id}
    AND c.embedding_dimension = ${sql.raw(String(collection.embeddingDimension))}
    ${chunkFilterConditions(filter)}`;
}

/**
 * The nearest `limit` rows in scope, by the index or exactly; `when` is a one-time condition that can skip it. A
 * segmented index is walked once per segment and the candidates merged (`nearestOfSegments`); an exact ranking reads
 * the rows in scope whatever index holds them.
 */
function nearestSql(scope: NearestScope, { useIndex, when }: { useIndex: boolean; when?: SQL }): SQL {
  const segments = useIndex ? scope.segments : 1;
  return nearestOfSegments(segments, 'c.id', (segment) => nearestBranchSql(scope, { useIndex, when, segment }), {
    orderBy: sql`distance, chunk_id`,
    limit: scope.limit,
  });
}

function nearestBranchSql(scope: NearestScope, { useIndex, when, segment }: { useIndex: boolean; when?: SQL | undefined; segment?: SQL | undefined }): SQL {
  const { collection, literal, limit } = scope;
  // Without the typmod cast the expression no longer matches the index, so the planner does an exact scan.
  const typmod = sql.raw(`(${collection.embeddingDimension})`);
  const distance = useIndex
    ? sql`c.embedding::vector${typmod} <=> ${literal}::vector${typmod}`
    : sql`c.embedding <=> ${literal}::vector`;
  // duplicate_of rides along (the row is read anyway), so the near-duplicate collapse needs no statement of its own.
  return sql`
    SELECT c.id AS chunk_id, ${distance} AS distance, c.duplicate_of
    FROM chunks c
    WHERE ${scopeConditions(scope)} ${segment === undefined ? sql`` : sql`AND ${segment}`} ${when === undefined ? sql`` : sql`AND ${when}`}
    ORDER BY distance
    LIMIT ${limit}`;
}

/**
 * Hits best first. The statements end in ORDER BY distance, but over a subquery the planner may take its rows as
 * already sorted, which an iterative scan in relaxed order does not guarantee; K rows sort here for nothing.
 */
function toLegHits(rows: readonly NearestRow[]): LegHit[] {
  return rows
    .map((row) => ({ chunkId: row.chunk_id, distance: Number(row.distance), duplicateOf: row.duplicate_of }))
    .sort((left, right) => left.distance - right.distance || (left.chunkId < right.chunkId ? -1 : left.chunkId > right.chunkId ? 1 : 0))
    .map(({ chunkId, distance, duplicateOf }) => ({ chunkId, score: 1 - distance, duplicateOf }));
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Command, InvalidArgumentError, Option } from 'commander';
import { selectRows, type Database } from '../../src/db/client.js';
import { findCollectionByName } from '../../src/db/collections.js';
import type { CollectionRow } from '../../src/db/schema.js';
import { vectorIndexName } from '../../src/db/vector-index.js';
import { mean } from '../eval/metrics.js';
import { createCorpus } from './corpus.js';
import { DEFAULT_SERVER_URL, freshBenchDatabase } from './databases.js';
import { note } from './progress.js';
import { bulkLoadWithProgress, createBenchCollection, exactNearestChunks, openRagway, type RagwaySide } from './ragway.js';
import { percentile } from './series.js';

/**
 * `tsx scripts/bench/hnsw-tuning.ts [--load] [--chunks 100000] [--params 16:64,24:100] [--ef 40,100,200]`: the
 * measurement behind the HNSW build parameters in `src/db/vector-index.ts`. `--load` bulk-loads the bench corpus
 * (same seed, chunk size and bucket metadata as `npm run bench`) into `ragway_bench_hnsw_<chunks>` and keeps it;
 * then, per `m:ef_construction`, the chunk index is rebuilt (timed, at the bench's maintenance_work_mem) and the
 * vector leg's statement (K = 40 candidates, as VECTOR mode asks) runs the bench's recall queries at each
 * session ef_search: recall@10 vs exact, unfiltered and with the 1 % `bucket` filter, per-query latency, and the
 * shared buffers an unfiltered query touches (a cost measure load does not move). An index that already has the
 * parameters is measured as it is. Prints one line per (params, ef_search). Leaves the last index built in place.
 */
const program = new Command('hnsw-tuning')
  .option('--load', 'create and bulk-load the database first')
  .option('--chunks <n>', 'corpus size', integerFlag, 100_000)
  .option('--queries <n>', 'recall queries (the bench uses the first 100 at 100k)', integerFlag, 100)
  .option('--params <list>', 'm:ef_construction pairs, comma-separated', '16:64')
  .option('--ef <list>', 'session hnsw.ef_search values, comma-separated', '40,100,200')
  .addOption(new Option('--storage <type>', 'the indexed expression: the vector itself or its half-precision copy').choices(['vector', 'halfvec']).default('vector'))
  .option('--truth <file>', 'keep the exact top 10s in this file and reuse them (they cost a scan each)')
  .option('--maintenance-work-mem-mb <n>', 'for the index builds', integerFlag, 1024)
  .option('--repeat <n>', 'timed passes over the queries per setting (after one warm-up pass)', integerFlag, 3);
program.parse(process.argv.slice(2), { from: 'user' });
const flags = program.opts<{ truth?: string; storage: 'vector' | 'halfvec'; load?: boolean; chunks: number; queries: number; params: string; ef: string; maintenanceWorkMemMb: number; repeat: number }>();

const COLLECTION = 'synthetic';
const CANDIDATES = 40;
const serverUrl = process.env['BENCH_DATABASE_URL'] ?? DEFAULT_SERVER_URL;
const database = `ragway_bench_hnsw_${flags.chunks}`;
const corpus = createCorpus({ seed: 1 });
const url = flags.load ? await freshBenchDatabase(serverUrl, database) : Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
// One pooled connection: the session ef_search set below then holds for every query the leg sends.
const side = await openRagway(url, { redisUrl: undefined, poolSize: 1 });
try {
  if (flags.load) await load(side);
  const collection = await findCollectionByName(side.app.deps.db, side.tenantId, COLLECTION);
  if (collection === undefined) throw new Error(`no collection ${COLLECTION} in ${database}: run with --load first`);
  const queries = await prepareQueries(side, collection);
  for (const pair of flags.params.split(',')) {
    const [m, efConstruction] = pair.split(':').map(Number);
    if (m === undefined || efConstruction === undefined) throw new InvalidArgumentError(`bad m:ef_construction ${pair}`);
    const buildSeconds = await rebuild(side, collection, { m, efConstruction });
    for (const efSearch of flags.ef.split(',').map(Number)) {
      const result = await measure(side, collection, queries, efSearch);
      console.log(
        `${flags.storage} m=${m} ef_construction=${efConstruction} build ${Number.isNaN(buildSeconds) ? '(existing)' : `${buildSeconds.toFixed(1)} s`} | ef_search=${efSearch}: recall@10 ${result.recall.toFixed(3)}, ` +
          `1 % filter ${result.filteredRecall.toFixed(3)} | leg p50/p95 ${result.p50.toFixed(2)}/${result.p95.toFixed(2)} ms, filtered ${result.filteredP50.toFixed(2)}/${result.filteredP95.toFixed(2)} ms | ` +
          `buffers/query ${result.buffers.toFixed(0)}`,
      );
    }
  }
} finally {
  await side.app.close();
}

function integerFlag(value: string): number {
  const parsed = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

async function load(ragway: RagwaySide): Promise<void> {
  await createBenchCollection(ragway, COLLECTION, { chunkSize: 2048, chunkOverlap: 64 });
  async function* documents() {
    for (let index = 0; index < flags.chunks; index += 1) {
      const chunk = corpus.chunk(index);
      yield { externalId: chunk.externalId, content: chunk.content, metadata: chunk.metadata };
    }
  }
  const bulk = await bulkLoadWithProgress(ragway, {
    collection: COLLECTION, documents: documents(), total: flags.chunks, label: `bulk load (${flags.chunks})`, maintenanceWorkMemMb: flags.maintenanceWorkMemMb,
  });
  note(`loaded in ${bulk.seconds.toFixed(1)} s`);
  await ragway.app.deps.db.execute(sql`VACUUM ANALYZE chunks`);
}

type Query = { vector: number[]; filter: { bucket: number }; exact: string[]; exactFiltered: string[] };

/** The bench's recall queries (query i, bucket i mod 100) with their exact top 10, computed once. */
async function prepareQueries(ragway: RagwaySide, collection: CollectionRow): Promise<Query[]> {
  const saved = flags.truth !== undefined && existsSync(flags.truth) ? (JSON.parse(readFileSync(flags.truth, 'utf8')) as Query[]) : undefined;
  if (saved !== undefined && saved.length >= flags.queries) return saved.slice(0, flags.queries);
  note(`exact top 10 for ${flags.queries} queries, unfiltered and filtered`);
  const queries: Query[] = [];
  for (let index = 0; index < flags.queries; index += 1) {
    const vector = await ragway.app.deps.embedder.embedQuery(corpus.query(index).text);
    const filter = { bucket: index % 100 };
    const exact = await exactNearestChunks(ragway, collection, vector);
    const exactFiltered = await exactNearestChunks(ragway, collection, vector, { filter });
    queries.push({ vector, filter, exact, exactFiltered });
  }
  if (flags.truth !== undefined) writeFileSync(flags.truth, JSON.stringify(queries));
  return queries;
}

async function rebuild(ragway: RagwaySide, collection: CollectionRow, { m, efConstruction }: { m: number; efConstruction: number }): Promise<number> {
  const name = vectorIndexName('chunks', collection.embeddingDimension);
  const dimension = collection.embeddingDimension;
  const [existing] = await selectRows<{ options: string[] | null; definition: string }>(ragway.app.deps.db, sql`
    SELECT reloptions AS options, pg_get_indexdef(oid) AS definition FROM pg_class WHERE relname = ${name}`);
  const sameType = existing?.definition.includes(`${flags.storage}_cosine_ops`) === true;
  if (sameType && existing?.options?.includes(`m=${m}`) && existing.options.includes(`ef_construction=${efConstruction}`)) return NaN;
  note(`building ${name} on ${flags.storage} with m=${m}, ef_construction=${efConstruction}`);
  const started = performance.now();
  await ragway.app.deps.db.transaction(async (transaction) => {
    await transaction.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${flags.maintenanceWorkMemMb}MB'`));
    await transaction.execute(sql.raw(`DROP INDEX IF EXISTS "${name}"`));
    await transaction.execute(
      sql.raw(
        `CREATE INDEX "${name}" ON chunks USING hnsw ((embedding::${flags.storage}(${dimension})) ${flags.storage}_cosine_ops) ` +
          `WITH (m = ${m}, ef_construction = ${efConstruction}) WHERE embedding_dimension = ${dimension}`,
      ),
    );
  });
  return (performance.now() - started) / 1000;
}

async function measure(ragway: RagwaySide, collection: CollectionRow, queries: readonly Query[], efSearch: number) {
  const { db } = ragway.app.deps;
  await db.execute(sql.raw(`SET hnsw.ef_search = ${efSearch}`));
  const [setting] = await selectRows<{ ef: string }>(db, sql`SELECT current_setting('hnsw.ef_search') AS ef`);
  if (setting?.ef !== String(efSearch)) throw new Error(`ef_search did not stick: ${setting?.ef}`);
  const leg = (query: Query, filtered: boolean) => nearest(db, collection, query.vector, filtered ? query.filter : undefined);
  const recall: number[] = [];
  const filteredRecall: number[] = [];
  for (const query of queries) {
    recall.push(overlap((await leg(query, false)).slice(0, 10), query.exact));
    filteredRecall.push(overlap((await leg(query, true)).slice(0, 10), query.exactFiltered));
  }
  // Shared buffers touched per unfiltered query: a cost measure the machine's load does not move, beside the timings.
  const buffers: number[] = [];
  for (const query of queries) buffers.push(await buffersTouched(ragway, collection, query.vector));
  const ms: number[] = [];
  const filteredMs: number[] = [];
  for (let pass = 0; pass < flags.repeat; pass += 1) {
    for (const query of queries) {
      let started = performance.now();
      await leg(query, false);
      ms.push(performance.now() - started);
      started = performance.now();
      await leg(query, true);
      filteredMs.push(performance.now() - started);
    }
  }
  return {
    recall: mean(recall),
    filteredRecall: mean(filteredRecall),
    p50: percentile(ms, 0.5),
    p95: percentile(ms, 0.95),
    filteredP50: percentile(filteredMs, 0.5),
    filteredP95: percentile(filteredMs, 0.95),
    buffers: mean(buffers),
  };
}

/**
 * The vector leg's statement (vector-leg.ts `nearest`) with the index expression on `--storage`: candidates in
 * index order, re-sorted by the exact distance outside. Returns the ids, best first.
 */
function nearestSql(collection: CollectionRow, vector: readonly number[], filter: Record<string, unknown> | undefined) {
  const dimension = collection.embeddingDimension;
  const indexed = sql.raw(`${flags.storage}(${dimension})`);
  const literal = `[${vector.join(',')}]`;
  const filterSql = filter === undefined ? sql`` : sql`AND c.metadata @> ${JSON.stringify(filter)}::jsonb`;
  return sql`
    SELECT chunk_id, distance, duplicate_of FROM (
      SELECT c.id AS chunk_id, c.embedding::vector(${sql.raw(String(dimension))}) <=> ${literal}::vector(${sql.raw(String(dimension))}) AS distance,
             c.embedding::${indexed} <=> ${literal}::${indexed} AS indexed, c.duplicate_of
      FROM chunks c
      WHERE c.tenant_id = ${collection.tenantId} AND c.collection_id = ${collection.id} AND c.embedding_dimension = ${sql.raw(String(dimension))} ${filterSql}
      ORDER BY indexed LIMIT ${CANDIDATES}
    ) nearest ORDER BY distance, chunk_id`;
}

async function nearest(db: Database, collection: CollectionRow, vector: readonly number[], filter: Record<string, unknown> | undefined): Promise<string[]> {
  const rows = await selectRows<{ chunk_id: string }>(db, nearestSql(collection, vector, filter));
  return rows.map((row) => row.chunk_id);
}

/** EXPLAIN (ANALYZE, BUFFERS) of the unfiltered statement: shared hits + reads. */
async function buffersTouched(ragway: RagwaySide, collection: CollectionRow, vector: readonly number[]): Promise<number> {
  const [row] = await selectRows<{ 'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }] }>(
    ragway.app.deps.db,
    sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${nearestSql(collection, vector, undefined)}`,
  );
  const plan = row?.['QUERY PLAN'][0].Plan;
  return (plan?.['Shared Hit Blocks'] ?? NaN) + (plan?.['Shared Read Blocks'] ?? NaN);
}

function overlap(found: readonly string[], exact: readonly string[]): number {
  if (exact.length === 0) return 1;
  const wanted = new Set(exact);
  return found.filter((id) => wanted.has(id)).length / exact.length;
}

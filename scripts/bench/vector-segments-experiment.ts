import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { createLocalEmbedder } from '../../src/llm/local-embedder.js';
import { createCorpus, fmix32 } from './corpus.js';

/**
 * `tsx scripts/bench/vector-segments-experiment.ts [--segments 4,8,2] [--ef 40,100,200,400,1000] [--reuse] [--drop]`
 *
 * Measurement only (not product code): does splitting the 1M bench vectors into S partial HNSW indexes (m=32,
 * ef_construction=128, cosine), walking each with the session ef_search and merging the per-segment top 40 by
 * exact distance, reach recall@10 >= 0.95 vs exact search? Loads the bench corpus (seed 1, chunk i = vector i)
 * into `ragway_bench_segments.items(id, seg8, seg4, seg2, embedding vector(384))`, where seg8 is murmur3 fmix32(id)
 * mod 8, seg4 = seg8 % 4 and seg2 = seg8 % 2 are stored columns so each partial index predicate (`seg4 = 2`) is
 * matched literally by the query. Per S: builds the S indexes (timed), then per ef_search runs the 50 recall queries
 * twice as one UNION ALL statement and reports the second (warm) pass, plus the shared buffers one statement
 * touches (EXPLAIN ANALYZE BUFFERS, hit + read). `--segments 1` is the baseline: one index over all rows, no
 * predicate. `--reuse` keeps an already loaded table;
 * `--drop` drops the database at the end. Results are also appended to /tmp/ragway-segments-results.jsonl.
 */
const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback;
};
const SEGMENT_COUNTS = flag('segments', '4,8,2').split(',').map(Number);
const EF_VALUES = flag('ef', '40,100,200,400,1000').split(',').map(Number);
const CHUNKS = Number(flag('chunks', '1000000'));
const QUERIES = 50;
const CANDIDATES = 40;
const DATABASE = 'ragway_bench_segments';
const SERVER = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TRUTH_FILE = `/tmp/ragway-segments-truth-${CHUNKS}.json`;
const RESULTS_FILE = '/tmp/ragway-segments-results.jsonl';
const BUILD_TIMEOUT = '25min';

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const record = (entry: Record<string, unknown>) => appendFileSync(RESULTS_FILE, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length))) - 1] ?? Number.NaN;
}

const vectorLiteral = (vector: readonly number[]) => `[${vector.map((value) => Math.fround(value).toPrecision(9)).join(',')}]`;

const corpus = createCorpus({ seed: 1 });
const embedder = createLocalEmbedder();
const databaseUrl = Object.assign(new URL(SERVER), { pathname: `/${DATABASE}` }).toString();

// ---- database ---------------------------------------------------------------------------------------------------
const reuse = args.includes('--reuse');
let tableReady = false;
if (reuse) {
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    const { rows } = await probe.query<{ n: string }>('SELECT count(*) AS n FROM items');
    tableReady = Number(rows[0]?.n) === CHUNKS;
  } catch {
    tableReady = false;
  } finally {
    await probe.end().catch(() => undefined);
  }
}
if (!tableReady) {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
}

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
try {
  if (!tableReady) await load();
  else log(`reusing loaded table (${CHUNKS} rows)`);
  const queries = await groundTruth();
  for (const segments of SEGMENT_COUNTS) {
    const built = await buildSegments(segments);
    if (!built) break;
    await explainOnce(segments, queries[0]!.vector);
    for (const ef of EF_VALUES) await measure(segments, ef, queries);
    await dropSegments(segments);
  }
} finally {
  await client.end();
}
if (args.includes('--drop')) {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  log(`dropped ${DATABASE}`);
}

// ---- load ------------------------------------------------------------------------------------------------------
async function load(): Promise<void> {
  await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  const { rows } = await client.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`);
  log(`pgvector ${rows[0]?.v}`);
  await client.query(`CREATE TABLE items (id int PRIMARY KEY, seg8 smallint NOT NULL, seg4 smallint NOT NULL, seg2 smallint NOT NULL, embedding vector(384) NOT NULL)`);
  const BATCH = 2000;
  const started = performance.now();
  let embedMs = 0;
  let pending: Promise<unknown> | undefined;
  for (let first = 0; first < CHUNKS; first += BATCH) {
    const count = Math.min(BATCH, CHUNKS - first);
    const ids: number[] = [];
    const seg8: number[] = [];
    const seg4: number[] = [];
    const seg2: number[] = [];
    const texts: string[] = [];
    for (let id = first; id < first + count; id += 1) {
      const s = fmix32(id) % 8;
      ids.push(id);
      seg8.push(s);
      seg4.push(s % 4);
      seg2.push(s % 2);
      texts.push(corpus.chunk(id).content);
    }
    const embedStarted = performance.now();
    const vectors = await embedder.embedDocuments(texts);
    const literals = vectors.map(vectorLiteral);
    embedMs += performance.now() - embedStarted;
    // One INSERT in flight while the next batch embeds (one connection; pg queues, so at most one waits).
    if (pending !== undefined) await pending;
    pending = client.query(
      `INSERT INTO items (id, seg8, seg4, seg2, embedding)
       SELECT id, s8, s4, s2, e::vector(384) FROM unnest($1::int[], $2::int2[], $3::int2[], $4::int2[], $5::text[]) AS t(id, s8, s4, s2, e)`,
      [ids, seg8, seg4, seg2, literals],
    );
    const done = first + count;
    if (done % 100_000 === 0) log(`loaded ${done} (${((performance.now() - started) / 1000).toFixed(0)} s, embedding ${(embedMs / 1000).toFixed(0)} s)`);
  }
  await pending;
  const loadSeconds = (performance.now() - started) / 1000;
  log(`load done: ${loadSeconds.toFixed(1)} s (embedding ${(embedMs / 1000).toFixed(1)} s)`);
  const vacuumStarted = performance.now();
  await client.query('VACUUM ANALYZE items');
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
  const size = await client.query<{ size: string }>(`SELECT pg_size_pretty(pg_total_relation_size('items')) AS size`);
  log(`VACUUM ANALYZE ${vacuumSeconds.toFixed(1)} s; table ${size.rows[0]?.size}`);
  const counts = await client.query<{ seg8: number; n: string }>('SELECT seg8, count(*) AS n FROM items GROUP BY seg8 ORDER BY seg8');
  log(`rows per seg8: ${counts.rows.map((row) => `${row.seg8}:${row.n}`).join(' ')}`);
  record({ kind: 'load', chunks: CHUNKS, loadSeconds, embedSeconds: embedMs / 1000, vacuumSeconds, size: size.rows[0]?.size });
}

// ---- exact top 10 --------------------------------------------------------------------------------------------------
type Query = { vector: number[]; exact: number[]; exactDistances: number[] };

async function groundTruth(): Promise<Query[]> {
  if (existsSync(TRUTH_FILE)) {
    const saved = JSON.parse(readFileSync(TRUTH_FILE, 'utf8')) as Query[];
    if (saved.length >= QUERIES) {
      log(`exact top 10 from ${TRUTH_FILE}`);
      return saved.slice(0, QUERIES);
    }
  }
  log(`exact top 10 for ${QUERIES} queries (sequential scan)`);
  await client.query('SET enable_indexscan = off');
  await client.query('SET max_parallel_workers_per_gather = 1');
  const queries: Query[] = [];
  const ms: number[] = [];
  for (let index = 0; index < QUERIES; index += 1) {
    const vector = await embedder.embedQuery(corpus.query(index).text);
    const started = performance.now();
    const { rows } = await client.query<{ id: number; d: number }>(
      'SELECT id, embedding <=> $1::vector(384) AS d FROM items ORDER BY d, id LIMIT 10',
      [vectorLiteral(vector)],
    );
    ms.push(performance.now() - started);
    queries.push({ vector, exact: rows.map((row) => row.id), exactDistances: rows.map((row) => row.d) });
  }
  await client.query('RESET enable_indexscan');
  await client.query('RESET max_parallel_workers_per_gather');
  log(`exact: p50 ${percentile(ms, 0.5).toFixed(0)} ms per query`);
  writeFileSync(TRUTH_FILE, JSON.stringify(queries));
  return queries;
}

// ---- segments --------------------------------------------------------------------------------------------------
/** The segment predicate; S = 1 is the single unsegmented index (no predicate), as a baseline. */
function predicate(segments: number, segment: number): string {
  return segments === 1 ? '' : `WHERE seg${segments} = ${segment}`;
}
function indexName(segments: number, segment: number): string {
  return `items_s${segments}_${segment}_hnsw`;
}

async function buildSegments(segments: number): Promise<boolean> {
  const seconds: number[] = [];
  await client.query(`SET maintenance_work_mem = '3GB'`);
  await client.query('SET max_parallel_maintenance_workers = 1');
  await client.query(`SET statement_timeout = '${segments === 1 ? '45min' : BUILD_TIMEOUT}'`);
  try {
    for (let segment = 0; segment < segments; segment += 1) {
      // A valid index left by an interrupted run (same name, same definition) is kept: its build time is not re-measured.
      const existing = await client.query(`SELECT 1 FROM pg_index WHERE indexrelid = to_regclass($1) AND indisvalid`, [indexName(segments, segment)]);
      if (existing.rowCount === 1) {
        log(`S=${segments} segment ${segment}: kept the existing index`);
        seconds.push(Number.NaN);
        continue;
      }
      const started = performance.now();
      try {
        await client.query(`DROP INDEX IF EXISTS ${indexName(segments, segment)}`);
        await client.query(
          `CREATE INDEX ${indexName(segments, segment)} ON items USING hnsw (embedding vector_cosine_ops) ` +
            `WITH (m = 32, ef_construction = 128) ${predicate(segments, segment)}`,
        );
      } catch (error) {
        log(`S=${segments} segment ${segment} build failed after ${((performance.now() - started) / 1000).toFixed(0)} s: ${String(error)}`);
        record({ kind: 'build-failed', segments, segment, seconds, error: String(error) });
        return false;
      }
      seconds.push((performance.now() - started) / 1000);
      log(`S=${segments} segment ${segment} built in ${seconds.at(-1)!.toFixed(1)} s`);
    }
  } finally {
    await client.query('RESET statement_timeout');
    await client.query('RESET maintenance_work_mem');
    await client.query('RESET max_parallel_maintenance_workers');
  }
  // Builds leave dirty index pages in shared buffers; flush them so the queries do not pay for their eviction.
  await client.query('CHECKPOINT');
  const total = seconds.reduce((a, b) => a + b, 0);
  const size = await client.query<{ size: string }>(
    `SELECT pg_size_pretty(sum(pg_relation_size(indexrelid))) AS size FROM pg_index WHERE indrelid = 'items'::regclass AND NOT indisprimary`,
  );
  log(`S=${segments}: ${segments} indexes built in ${total.toFixed(1)} s total (${seconds.map((s) => s.toFixed(0)).join(' + ')}), size ${size.rows[0]?.size}`);
  record({ kind: 'build', segments, seconds, total, size: size.rows[0]?.size });
  return true;
}

async function dropSegments(segments: number): Promise<void> {
  for (let segment = 0; segment < segments; segment += 1) await client.query(`DROP INDEX IF EXISTS ${indexName(segments, segment)}`);
}

/** One statement: every segment's own top 40 in index order, merged by exact distance. */
function segmentedSql(segments: number): string {
  const branches: string[] = [];
  for (let segment = 0; segment < segments; segment += 1) {
    branches.push(`(SELECT id, embedding <=> $1::vector(384) AS d FROM items ${predicate(segments, segment)} ORDER BY embedding <=> $1::vector(384) LIMIT ${CANDIDATES})`);
  }
  return `SELECT id, d FROM (${branches.join(' UNION ALL ')}) merged ORDER BY d, id LIMIT 10`;
}

async function explainOnce(segments: number, vector: number[]): Promise<void> {
  await client.query('SET hnsw.ef_search = 100');
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${segmentedSql(segments)}`, [vectorLiteral(vector)]);
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n').replace(/'\[[^\]]*\]'/g, "'<q>'");
  const used = [...Array(segments).keys()].filter((segment) => plan.includes(`Index Scan using ${indexName(segments, segment)} `));
  log(`S=${segments} EXPLAIN: ${used.length}/${segments} branches use their partial HNSW index${plan.includes('Seq Scan') ? ' (a Seq Scan is present!)' : ''}\n${plan}`);
  record({ kind: 'explain', segments, branchesUsingIndex: used.length, plan });
}

async function measure(segments: number, ef: number, queries: readonly Query[]): Promise<void> {
  await client.query(`SET hnsw.ef_search = ${ef}`);
  const setting = await client.query<{ ef: string }>(`SELECT current_setting('hnsw.ef_search') AS ef`);
  if (setting.rows[0]?.ef !== String(ef)) throw new Error(`ef_search did not stick: ${setting.rows[0]?.ef}`);
  const statement = segmentedSql(segments);
  const passes: { ms: number[]; recall: number[]; recallByDistance: number[] }[] = [];
  for (let pass = 0; pass < 2; pass += 1) {
    const ms: number[] = [];
    const recall: number[] = [];
    const recallByDistance: number[] = [];
    for (const query of queries) {
      const literal = vectorLiteral(query.vector);
      const started = performance.now();
      const { rows } = await client.query<{ id: number; d: number }>(statement, [literal]);
      ms.push(performance.now() - started);
      const exact = new Set(query.exact);
      recall.push(rows.filter((row) => exact.has(row.id)).length / 10);
      // Tie-tolerant variant: a result as close as the 10th exact neighbour counts too.
      const tenth = query.exactDistances[9] ?? Infinity;
      recallByDistance.push(Math.min(10, rows.filter((row) => row.d <= tenth + 1e-7).length) / 10);
    }
    passes.push({ ms, recall, recallByDistance });
  }
  // Shared buffers touched per query (hit + read from the OS cache): a cost measure the machine's load does not move.
  const hits: number[] = [];
  const reads: number[] = [];
  for (const query of queries) {
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement}`,
      [vectorLiteral(query.vector)],
    );
    const plan = rows[0]?.['QUERY PLAN'][0].Plan;
    hits.push(plan?.['Shared Hit Blocks'] ?? Number.NaN);
    reads.push(plan?.['Shared Read Blocks'] ?? Number.NaN);
  }
  const warm = passes[1]!;
  const cold = passes[0]!;
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const result = {
    segments,
    ef,
    recall: mean(warm.recall),
    recallByDistance: mean(warm.recallByDistance),
    p50: percentile(warm.ms, 0.5),
    p95: percentile(warm.ms, 0.95),
    firstPassP50: percentile(cold.ms, 0.5),
    firstPassP95: percentile(cold.ms, 0.95),
    buffersHit: mean(hits),
    buffersRead: mean(reads),
  };
  log(
    `S=${segments} ef_search=${ef}: recall@10 ${result.recall.toFixed(3)} (tie-tolerant ${result.recallByDistance.toFixed(3)}) | warm p50/p95 ${result.p50.toFixed(1)}/${result.p95.toFixed(1)} ms | first pass p50/p95 ${result.firstPassP50.toFixed(1)}/${result.firstPassP95.toFixed(1)} ms | buffers/query ${(result.buffersHit + result.buffersRead).toFixed(0)} (read ${result.buffersRead.toFixed(0)})`,
  );
  record({ kind: 'measure', ...result });
}

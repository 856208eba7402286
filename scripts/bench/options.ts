import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_SERVER_URL } from './databases.js';

/** Everything one bench run needs to know, from its flags (validated here: the CLI is a trust boundary). */
export type BenchOptions = {
  tag: string;
  /** Chunks bulk-loaded (one chunk per synthetic document). */
  chunks: number;
  /** Documents ingested one by one into the indexed collection, by ragway and by PGVectorStore. */
  incremental: number;
  /** Documents PGVectorStore ingests itself without an index (the rest is copied), for its bulk rate. */
  peerBulkSubset: number;
  queries: number;
  recallQueries: number;
  seriesSeconds: number;
  cachedSeconds: number;
  maintenanceWorkMemMb: number;
  seed: number;
  serverUrl: string;
  redisUrl: string | undefined;
  keep: boolean;
  cranfield: boolean;
  /** Whether the Supabase recipe is loaded and timed (its HYBRID peer columns say "not run" otherwise). */
  recipe: boolean;
  /** `VECTOR_INDEX_SEGMENTS` for ragway's chunk index. */
  vectorSegments: number;
};

const PRESETS = {
  quick: { chunks: 10_000, incremental: 100, peerBulkSubset: 10_000, queries: 60, recallQueries: 30, seriesSeconds: 4, cachedSeconds: 3, maintenanceWorkMemMb: 512, vectorSegments: 1 },
  '100k': { chunks: 100_000, incremental: 1_000, peerBulkSubset: 100_000, queries: 400, recallQueries: 100, seriesSeconds: 60, cachedSeconds: 10, maintenanceWorkMemMb: 1024, vectorSegments: 1 },
  '1m': { chunks: 1_000_000, incremental: 1_000, peerBulkSubset: 100_000, queries: 300, recallQueries: 50, seriesSeconds: 60, cachedSeconds: 10, maintenanceWorkMemMb: 3072, vectorSegments: 4 },
} as const;

function positiveInteger(value: string): number {
  const parsed = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function size(value: string): keyof typeof PRESETS {
  const normalised = value.toLowerCase();
  if (normalised === '10k') return 'quick';
  if (normalised === '100k' || normalised === '1m') return normalised;
  throw new InvalidArgumentError('expected 10k, 100k or 1m');
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const command = new Command('bench')
    .description('ragway benchmark on native PostgreSQL: ingest, latency, recall and quality against LangChain PGVectorStore and the Supabase hybrid-search recipe')
    .option('--quick', '10k chunks, smaller query sets (CI smoke: every row, a couple of minutes)')
    .addOption(new Option('--size <size>', 'corpus size: 10k, 100k or 1m').argParser(size).default('100k'))
    .option('--chunks <n>', 'override the number of chunks', positiveInteger)
    .option('--queries <n>', 'override the number of latency queries', positiveInteger)
    .option('--maintenance-work-mem-mb <n>', 'maintenance_work_mem for index builds', positiveInteger)
    .option('--seed <n>', 'corpus seed', positiveInteger, 1)
    .addOption(new Option('--vector-segments <n>', 'VECTOR_INDEX_SEGMENTS for ragway (default: 4 at 1m, else 1)').choices(['1', '2', '4', '8', '16']))
    .option('--no-redis', 'use the in-process cache instead of Redis for the cached-QPS row')
    .option('--no-cranfield', 'skip the Cranfield nDCG rows')
    .option('--no-recipe', 'skip loading and timing the Supabase recipe on the synthetic corpus (at 1m its load, builds and 9 s queries take ~1 h on 2 cores)')
    .option('--keep', 'keep the ragway_bench_* databases afterwards')
    .exitOverride();
  command.parse(argv, { from: 'user' });
  const flags = command.opts<{
    quick?: boolean;
    size: keyof typeof PRESETS;
    chunks?: number;
    queries?: number;
    maintenanceWorkMemMb?: number;
    seed: number;
    vectorSegments?: string;
    redis: boolean;
    cranfield: boolean;
    recipe: boolean;
    keep?: boolean;
  }>();
  const preset = flags.quick === true ? 'quick' : flags.size;
  const base = PRESETS[preset];
  const chunks = flags.chunks ?? base.chunks;
  return {
    ...base,
    // Quick runs are CI smokes that may overlap with other work on the same server: their database is per process.
    tag: flags.chunks === undefined ? (preset === 'quick' ? `quick_${process.pid}` : preset) : `n${chunks}`,
    chunks,
    peerBulkSubset: Math.min(base.peerBulkSubset, chunks),
    queries: flags.queries ?? base.queries,
    maintenanceWorkMemMb: flags.maintenanceWorkMemMb ?? base.maintenanceWorkMemMb,
    vectorSegments: flags.vectorSegments === undefined ? base.vectorSegments : Number(flags.vectorSegments),
    seed: flags.seed,
    serverUrl: process.env['BENCH_DATABASE_URL'] ?? DEFAULT_SERVER_URL,
    redisUrl: flags.redis ? (process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379') : undefined,
    keep: flags.keep === true,
    cranfield: flags.cranfield,
    recipe: flags.recipe,
  };
}

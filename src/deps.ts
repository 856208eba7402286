import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Cache } from './cache/cache.js';
import type { CacheMetrics } from './cache/cache-metrics.js';
import type { Config } from './config.js';
import type { Database, DatabaseHandle } from './db/client.js';
import type { ChatModel } from './llm/chat-model.js';
import type { Embedder } from './llm/embedder.js';
import type { JobQueue } from './ingestion/jobs/job-queue.js';

/**
 * Everything services need, built once by the composition root (`main.ts`) or by a test with real components
 * pointed at a test database. Services take it as their first argument and import no singletons.
 */
export type AppDeps = {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  embedder: Embedder;
  /** Writes answers: an OpenAI-compatible chat model or the offline extractive answerer (LLM_PROVIDER). */
  chatModel: ChatModel;
  cache: Cache;
  cacheMetrics: CacheMetrics;
  /** This app's Prometheus registry (not prom-client's global one), served at /metrics. */
  metrics: Registry;
  logger: Logger;
  /** Runs ingestion jobs: in-process, or on BullMQ when REDIS_URL is set. */
  jobs: JobQueue;
  /** The tenant requests act as until authentication lands. */
  defaultTenantId: string;
};

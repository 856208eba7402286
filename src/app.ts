import pino, { type Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createCacheMetrics } from './cache/cache-metrics.js';
import { createQueryEmbeddingMemo } from './cache/embedding-memo.js';
import { openCache } from './cache/open-cache.js';
import type { Config } from './config.js';
import { openDatabase, type DatabaseOptions } from './db/client.js';
import { ensureTenant } from './db/tenants.js';
import { ensureVectorIndex } from './db/vector-index.js';
import { createJobQueue } from './ingestion/jobs/create-job-queue.js';
import type { AppDeps } from './deps.js';
import { createCachedEmbedder } from './llm/cached-embedder.js';
import { createChatModel } from './llm/create-chat-model.js';
import { createEmbedder } from './llm/create-embedder.js';

export const DEFAULT_TENANT = 'default';

export type App = { deps: AppDeps; close(): Promise<void> };

/**
 * Builds the dependency graph from a config: opens and migrates the database, ensures the default tenant and the
 * HNSW index for the embedder's dimension. Used by `main.ts`, the CLI scripts and the integration tests alike.
 */
export async function buildApp(
  config: Config,
  { logger = pino({ level: config.logLevel }), database: databaseOptions = {} }: { logger?: Logger; database?: DatabaseOptions } = {},
): Promise<App> {
  const database = await openDatabase(config.database, {
    onIdleError: (error) => logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it'),
    ...databaseOptions,
  });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const cacheMetrics = createCacheMetrics(metrics);
  const cache = await openCache({ redisUrl: config.redisUrl, keyPrefix: config.cache.keyPrefix }, { logger, metrics: cacheMetrics });
  try {
    await database.migrate();
    const baseEmbedder = createEmbedder(config);
    const memo = createQueryEmbeddingMemo(
      { cache, cacheMetrics },
      { model: baseEmbedder.model, dimension: baseEmbedder.dimension, ttlSeconds: config.cache.ttlSeconds.embedding },
    );
    const embedder = createCachedEmbedder(baseEmbedder, { memo });
    await ensureVectorIndex(database.db, embedder.dimension, { chunkSegments: config.vectorIndex.segments });
    const tenant = await ensureTenant(database.db, DEFAULT_TENANT);
    const jobs = createJobQueue(config, { logger, deps: () => deps });
    const deps: AppDeps = { config, database, db: database.db, embedder, chatModel: createChatModel(config), cache, cacheMetrics, metrics, logger, defaultTenantId: tenant.id, jobs };
    return {
      deps,
      close: async () => {
        await jobs.close();
        await cache.close();
        await database.close();
      },
    };
  } catch (error) {
    await cache.close();
    await database.close();
    throw error;
  }
}

import pino, { type Logger } from 'pino';
import { createMemoryCache } from './cache/memory.js';
import type { Config } from './config.js';
import { openDatabase, type DatabaseOptions } from './db/client.js';
import { ensureTenant } from './db/tenants.js';
import { ensureVectorIndex } from './db/vector-index.js';
import type { AppDeps } from './deps.js';
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
  const database = await openDatabase(config.database, databaseOptions);
  try {
    await database.migrate();
    const embedder = createEmbedder(config);
    await ensureVectorIndex(database.db, embedder.dimension);
    const tenant = await ensureTenant(database.db, DEFAULT_TENANT);
    const cache = createMemoryCache();
    const deps: AppDeps = { config, database, db: database.db, embedder, cache, logger, defaultTenantId: tenant.id };
    return {
      deps,
      close: async () => {
        await cache.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

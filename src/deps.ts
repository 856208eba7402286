import type { Logger } from 'pino';
import type { Cache } from './cache/cache.js';
import type { Config } from './config.js';
import type { Database, DatabaseHandle } from './db/client.js';
import type { Embedder } from './llm/embedder.js';

/**
 * Everything services need, built once by the composition root (`main.ts`) or by a test with real components
 * pointed at a test database. Services take it as their first argument and import no singletons.
 */
export type AppDeps = {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  embedder: Embedder;
  cache: Cache;
  logger: Logger;
  /** The tenant requests act as until authentication lands. */
  defaultTenantId: string;
};

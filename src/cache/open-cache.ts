import type { Logger } from 'pino';
import type { Cache } from './cache.js';
import type { CacheMetrics } from './cache-metrics.js';
import { createMemoryCache } from './memory.js';
import { openRedisCache } from './redis.js';

/** Redis when a URL is configured (shared by every replica), else the in-process LRU of the embedded default. */
export async function openCache(
  { redisUrl, keyPrefix }: { redisUrl: string | undefined; keyPrefix: string },
  { logger, metrics }: { logger: Logger; metrics: CacheMetrics },
): Promise<Cache> {
  if (redisUrl === undefined) return createMemoryCache();
  return openRedisCache({ url: redisUrl, keyPrefix, logger, metrics });
}

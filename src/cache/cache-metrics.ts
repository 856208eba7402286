import { Counter, type Registry } from 'prom-client';
import type { CacheKind } from './cache.js';

/** Operations that can fail against the backing store; `connect` counts failed (re)connection attempts. */
export type CacheOperation = 'get' | 'set' | 'delete' | 'connect';

export type CacheMetrics = {
  hits: Counter<'kind'>;
  misses: Counter<'kind'>;
  errors: Counter<'op'>;
};

/**
 * Cache counters registered on the given registry (never the global one), so two apps in one process keep
 * separate counts. Every kind and operation is pre-set to 0: a dashboard sees the series before the first event.
 */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  const kinds: CacheKind[] = ['search', 'embedding', 'answer'];
  const operations: CacheOperation[] = ['get', 'set', 'delete', 'connect'];
  const metrics: CacheMetrics = {
    hits: new Counter({ name: 'ragway_cache_hits_total', help: 'Cache lookups answered from the cache, by kind', labelNames: ['kind'], registers: [registry] }),
    misses: new Counter({ name: 'ragway_cache_misses_total', help: 'Cache lookups that had to compute, by kind', labelNames: ['kind'], registers: [registry] }),
    errors: new Counter({
      name: 'ragway_cache_errors_total',
      help: 'Cache operations that failed or were skipped because the cache store was unavailable, by operation',
      labelNames: ['op'],
      registers: [registry],
    }),
  };
  for (const kind of kinds) {
    metrics.hits.inc({ kind }, 0);
    metrics.misses.inc({ kind }, 0);
  }
  for (const op of operations) metrics.errors.inc({ op }, 0);
  return metrics;
}

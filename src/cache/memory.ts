import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.js';

/** The embedded default: a bounded in-process LRU with per-entry TTLs. */
export function createMemoryCache({ maxEntries = 10_000 }: { maxEntries?: number } = {}): Cache {
  const entries = new LRUCache<string, string>({ max: maxEntries });
  return {
    kind: 'memory',
    get: async (key) => entries.get(key),
    set: async (key, value, ttlSeconds) => {
      entries.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    delete: async (key) => {
      entries.delete(key);
    },
    close: async () => {
      entries.clear();
    },
  };
}

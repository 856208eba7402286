import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.js';

/**
 * The embedded default: a bounded in-process LRU with per-entry TTLs. Bounded by entries and by approximate bytes
 * (UTF-16 length × 2), since a search page of 100 hits is ~100× a query embedding.
 * @default maxEntries 10_000, maxBytes 64 MiB
 */
export function createMemoryCache({ maxEntries = 10_000, maxBytes = 64 * 1024 * 1024 }: { maxEntries?: number; maxBytes?: number } = {}): Cache {
  const entries = new LRUCache<string, string>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (value, key) => Math.max(1, (value.length + key.length) * 2),
  });
  return {
    kind: 'memory',
    get: async (key) => entries.get(key),
    set: async (key, value, ttlSeconds) => {
      entries.set(key, value, { ttl: Math.max(1, Math.round(ttlSeconds * 1000)) });
    },
    delete: async (key) => {
      entries.delete(key);
    },
    ping: async () => true,
    close: async () => {
      entries.clear();
    },
  };
}

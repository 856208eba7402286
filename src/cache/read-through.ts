import type { Cache, CacheKind } from './cache.js';
import type { CacheMetrics } from './cache-metrics.js';

/** How a value is stored as a string. `decode` returns undefined for anything it does not recognise (a miss). */
export type Codec<T> = { encode(value: T): string; decode(text: string): T | undefined };

export type ReadThroughDeps = { cache: Cache; cacheMetrics: CacheMetrics };

/** Reads and decodes an entry, counting a hit or a miss for `kind`. An undecodable entry is a miss. */
export async function lookup<T>(deps: ReadThroughDeps, { kind, key, codec }: { kind: CacheKind; key: string; codec: Codec<T> }): Promise<T | undefined> {
  const stored = await deps.cache.get(key);
  const decoded = stored === undefined ? undefined : safeDecode(codec, stored);
  (decoded === undefined ? deps.cacheMetrics.misses : deps.cacheMetrics.hits).inc({ kind });
  return decoded;
}

/**
 * Stores an entry without waiting: a response must neither wait for nor fail with a cache write (implementations
 * never reject), and a later request on the same Redis connection is ordered after it anyway.
 */
export function store<T>(deps: ReadThroughDeps, { key, value, ttlSeconds, codec }: { key: string; value: T; ttlSeconds: number; codec: Codec<T> }): void {
  void deps.cache.set(key, codec.encode(value), ttlSeconds);
}

/** Cache-aside: a valid entry, else compute, store and return. Errors from `compute` propagate and are never stored. */
export async function readThrough<T>(
  deps: ReadThroughDeps,
  { kind, key, ttlSeconds, codec, compute }: { kind: CacheKind; key: string; ttlSeconds: number; codec: Codec<T>; compute: () => Promise<T> },
): Promise<{ value: T; cached: boolean }> {
  const found = await lookup(deps, { kind, key, codec });
  if (found !== undefined) return { value: found, cached: true };
  const value = await compute();
  store(deps, { key, value, ttlSeconds, codec });
  return { value, cached: false };
}

function safeDecode<T>(codec: Codec<T>, text: string): T | undefined {
  try {
    return codec.decode(text);
  } catch {
    // An entry written by another release or cut short is a miss, never an error for the user.
    return undefined;
  }
}

import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/cache/cache.js';
import { createCacheMetrics, type CacheMetrics } from '../../src/cache/cache-metrics.js';
import { createMemoryCache } from '../../src/cache/memory.js';
import { readThrough, type Codec } from '../../src/cache/read-through.js';
import { openRedisCache } from '../../src/cache/redis.js';
import { SHARED_REDIS_URL, uniqueKeyPrefix, waitUntil } from '../support/redis-server.js';

/** The same contract, run against both implementations: services must not be able to tell them apart. */
const silent = pino({ level: 'silent' });
const prefix = uniqueKeyPrefix();
const backends: [string, (metrics: CacheMetrics) => Promise<Cache>][] = [
  ['memory', async () => createMemoryCache()],
  ['redis', (metrics) => openRedisCache({ url: SHARED_REDIS_URL, keyPrefix: prefix, logger: silent, metrics })],
];
const text: Codec<string> = { encode: (value) => value, decode: (value) => value };
const counter = async (metrics: CacheMetrics, name: 'hits' | 'misses' | 'errors', label: string) =>
  (await metrics[name].get()).values.find((value) => Object.values(value.labels).includes(label))?.value ?? 0;

describe.each(backends)('Cache contract: %s', (_name, open) => {
  let cache: Cache;
  let metrics: CacheMetrics;

  beforeAll(async () => {
    metrics = createCacheMetrics(new Registry());
    cache = await open(metrics);
  });
  afterAll(async () => {
    await cache?.close();
  });

  it('misses an absent key and returns what was set, byte for byte', async () => {
    expect(await cache.get('absent')).toBeUndefined();
    const value = `${'ünïcødé 한국어 🚀 '.repeat(10)}${'x'.repeat(200_000)}`;
    await cache.set('value', value, 60);
    expect(await cache.get('value')).toBe(value);
    await cache.set('empty', '', 60);
    expect(await cache.get('empty')).toBe('');
  });

  it('overwrites and deletes', async () => {
    await cache.set('key', 'one', 60);
    await cache.set('key', 'two', 60);
    expect(await cache.get('key')).toBe('two');
    await cache.delete('key');
    expect(await cache.get('key')).toBeUndefined();
    await cache.delete('never-set'); // deleting an absent key is not an error
  });

  it('expires each entry after its own TTL', async () => {
    await cache.set('short', 'gone soon', 0.05);
    await cache.set('long', 'stays', 60);
    await waitUntil(async () => (await cache.get('short')) === undefined, { timeoutMs: 3_000, what: 'the 50 ms entry to expire' });
    expect(await cache.get('long')).toBe('stays');
  });

  it('answers ping while the store is up, and counts no errors', async () => {
    expect(await cache.ping()).toBe(true);
    expect(await counter(metrics, 'errors', 'get')).toBe(0);
  });

  it('reads through: computes once, then hits, counting per kind', async () => {
    let computed = 0;
    const request = { kind: 'search' as const, key: 'read-through', ttlSeconds: 60, codec: text, compute: async () => `value ${++computed}` };
    expect(await readThrough({ cache, cacheMetrics: metrics }, request)).toEqual({ value: 'value 1', cached: false });
    // The store is not awaited by readThrough; a read on the same connection is ordered after it.
    expect(await readThrough({ cache, cacheMetrics: metrics }, request)).toEqual({ value: 'value 1', cached: true });
    expect(computed).toBe(1);
    expect(await counter(metrics, 'hits', 'search')).toBe(1);
    expect(await counter(metrics, 'misses', 'search')).toBe(1);
  });

  it('treats an entry its codec rejects as a miss, and never stores a failed computation', async () => {
    const strict: Codec<string> = { encode: (value) => value, decode: (value) => (value.startsWith('ok:') ? value : undefined) };
    await cache.set('foreign', 'written by an older release', 60);
    const result = await readThrough({ cache, cacheMetrics: metrics }, { kind: 'answer', key: 'foreign', ttlSeconds: 60, codec: strict, compute: async () => 'ok:new' });
    expect(result).toEqual({ value: 'ok:new', cached: false });
    const failing = readThrough({ cache, cacheMetrics: metrics }, { kind: 'answer', key: 'fails', ttlSeconds: 60, codec: text, compute: async () => Promise.reject(new Error('boom')) });
    await expect(failing).rejects.toThrow('boom');
    expect(await cache.get('fails')).toBeUndefined();
  });
});

describe('Redis cache key prefix', () => {
  it('writes every key under the configured prefix, so test runs sharing one Redis never meet', async () => {
    const metrics = createCacheMetrics(new Registry());
    const ownPrefix = uniqueKeyPrefix();
    const prefixed = await openRedisCache({ url: SHARED_REDIS_URL, keyPrefix: ownPrefix, logger: silent, metrics });
    const raw = await openRedisCache({ url: SHARED_REDIS_URL, logger: silent, metrics });
    try {
      await prefixed.set('ragway:probe', 'here', 60);
      expect(await raw.get(`${ownPrefix}ragway:probe`)).toBe('here');
      expect(await raw.get('ragway:probe')).toBeUndefined();
      await raw.delete(`${ownPrefix}ragway:probe`);
    } finally {
      await prefixed.close();
      await raw.close();
    }
  });
});

import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { search } from '../../src/retrieval/search.js';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { CORPUS } from '../support/corpus.js';
import { freshDatabase, RUNTIMES, type FreshDatabase } from '../support/databases.js';
import { ownRedis, uniqueKeyPrefix, waitUntil, type OwnRedis } from '../support/redis-server.js';

/**
 * Redis failing under a running app: killed (connection refused), then back; hung (connection open, no answers).
 * Runs against a private redis-server so the shared one is never disturbed.
 */
describe('search with Redis failing mid-run', () => {
  let redis: OwnRedis;
  let database: FreshDatabase;
  let app: App;
  let server: RunningServer;
  const logs: { level: number; msg: string }[] = [];

  const errorCount = async (op: string) => (await app.deps.cacheMetrics.errors.get()).values.find((value) => value.labels['op'] === op)?.value ?? 0;
  const run = (query: string) => search(app.deps, { tenantId: app.deps.defaultTenantId, collection: 'kb', query, limit: 3 });
  const messages = (text: string) => logs.filter((line) => line.msg.includes(text)).length;

  beforeAll(async () => {
    redis = await ownRedis();
    database = await freshDatabase(RUNTIMES[0]!);
    const sink = new Writable({ write: (line: Buffer, _encoding, done) => void (logs.push(JSON.parse(line.toString())), done()) });
    const config = loadConfig({ ...database.environment, REDIS_URL: redis.url, CACHE_KEY_PREFIX: uniqueKeyPrefix(), LOG_LEVEL: 'info' });
    app = await buildApp(config, { logger: pino({ level: 'info' }, sink) });
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    await createCollection(app.deps, { tenantId: app.deps.defaultTenantId, name: 'kb', chunkSize: 64, chunkOverlap: 8 });
    for (const document of CORPUS) await ingestDocument(app.deps, { tenantId: app.deps.defaultTenantId, collection: 'kb', ...document });
  });
  afterAll(async () => {
    redis?.thaw();
    await server?.stop();
    await app?.close();
    await database?.drop();
    await redis?.stop();
  });

  it('keeps searching uncached while Redis is dead, counts and logs it once, and resumes caching when it is back', async () => {
    const cachedBefore = (await run('redis caching')).hits;
    expect((await run('redis caching')).cached).toBe(true);
    const errorsBefore = await errorCount('get');

    await redis.stop();
    const during = [];
    for (let index = 0; index < 5; index += 1) during.push(await run('redis caching'));
    expect(during.map((output) => output.cached)).toEqual([false, false, false, false, false]);
    for (const output of during) expect(output.hits.map((hit) => hit.chunkId)).toEqual(cachedBefore.map((hit) => hit.chunkId));
    expect(await errorCount('get')).toBeGreaterThanOrEqual(errorsBefore + 5);
    expect(messages('cache unavailable')).toBe(1);
    // a dead Redis costs no waiting: the client refuses at once instead of queueing or timing out
    const started = performance.now();
    for (let index = 0; index < 100; index += 1) await app.deps.cache.get('ragway:probe');
    expect(performance.now() - started).toBeLessThan(100);
    const ready = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
    expect(await ready.text()).toContain('cache: redis degraded');

    await redis.start();
    await waitUntil(() => app.deps.cache.ping(), { timeoutMs: 10_000, what: 'the cache to reconnect' });
    expect((await run('redis caching')).cached).toBe(false); // the restarted Redis is empty
    const errorsAfterRecovery = await errorCount('get');
    const again = await run('redis caching');
    expect(again.cached).toBe(true);
    expect(again.hits).toEqual(during[0]?.hits);
    expect(await errorCount('get')).toBe(errorsAfterRecovery);
    expect(messages('cache recovered')).toBe(1);
    expect(messages('cache unavailable')).toBe(1);
  });

  it('pays the command timeout once per breaker window when Redis hangs, not once per request', async () => {
    await run('sourdough');
    redis.freeze();
    try {
      let started = performance.now();
      expect(await app.deps.cache.get('ragway:probe')).toBeUndefined(); // waits out one command timeout (200 ms)
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
      started = performance.now();
      for (let index = 0; index < 20; index += 1) expect(await app.deps.cache.get('ragway:probe')).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(50); // the breaker skips Redis for the rest of its window
      expect((await run('sourdough')).cached).toBe(false);
    } finally {
      redis.thaw();
    }
    await waitUntil(async () => (await run('sourdough')).cached, { timeoutMs: 10_000, what: 'caching to resume after the hang' });
  });
});

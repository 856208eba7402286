import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { CORPUS } from '../support/corpus.js';
import { RUNTIMES, type Runtime } from '../support/databases.js';
import { graphql } from '../support/graphql-client.js';
import { SHARED_REDIS_URL, uniqueKeyPrefix } from '../support/redis-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const INGEST = `mutation Ingest($input: IngestDocumentInput!) { ingestDocument(input: $input) { status document { id } } }`;
const SEARCH = `query Search($input: SearchInput!) {
  search(input: $input) {
    tookMs cached pageInfo { hasNextPage endCursor }
    hits { score bm25Score vectorScore bm25Rank vectorRank chunk { id content document { externalId title } } } } }`;

type Hit = { score: number; chunk: { id: string; content: string; document: { externalId: string } } };
type SearchData = { search: { tookMs: number; cached: boolean; pageInfo: { hasNextPage: boolean; endCursor: string | null }; hits: Hit[] } };

/** Statements that only the ranking legs issue: a cached page must not send any of them. */
const LEG_SQL = /bm25_postings|bm25_terms|<=>|ef_search|iterative_scan/;

const CASES: [Runtime, 'memory' | 'redis'][] = RUNTIMES.flatMap((runtime) => [
  [runtime, 'memory'],
  [runtime, 'redis'],
] as [Runtime, 'memory' | 'redis'][]);

describe.each(CASES)('search cache on %s with the %s cache', (runtime, cacheKind) => {
  let app: TestApp;
  let server: RunningServer;
  const search = async (input: Record<string, unknown>) => {
    const result = await graphql<SearchData>(server.url, SEARCH, { input: { collection: 'kb', ...input } });
    expect(result.errors).toBeUndefined();
    return result.data!.search;
  };
  const ingest = async (input: Record<string, unknown>) => {
    const result = await graphql<{ ingestDocument: { status: string; document: { id: string } } }>(server.url, INGEST, { input: { collection: 'kb', ...input } });
    expect(result.errors).toBeUndefined();
    return result.data!.ingestDocument;
  };

  beforeAll(async () => {
    const environment: Record<string, string> = cacheKind === 'redis' ? { REDIS_URL: SHARED_REDIS_URL, CACHE_KEY_PREFIX: uniqueKeyPrefix() } : {};
    app = await createTestApp(runtime, environment);
    expect(app.deps.cache.kind).toBe(cacheKind);
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    await graphql(server.url, `mutation { createCollection(input: { name: "kb", chunkSize: 64, chunkOverlap: 8 }) { name } }`);
    for (const { externalId, title, mimeType, metadata, content } of CORPUS) await ingest({ externalId, title, mimeType, metadata, content });
  });
  afterAll(async () => {
    await server?.stop();
    await app?.dispose();
  });

  it('answers a repeated search from the cache: identical hits, rows through the loaders, no leg SQL', async () => {
    const input = { query: 'redis caching of search results', limit: 3 };
    const first = await search(input);
    expect(first.cached).toBe(false);
    expect(first.hits[0]?.chunk.document.externalId).toBe('html-page');

    const before = app.statements.length;
    const second = await search(input);
    const issued = app.statements.slice(before);
    expect(second.cached).toBe(true);
    expect(second.hits).toEqual(first.hits);
    expect(second.pageInfo).toEqual(first.pageInfo);
    expect(second.tookMs).toBeGreaterThan(0);
    expect(issued.filter((statement) => LEG_SQL.test(statement))).toEqual([]);
    // the collection row (for its version), then one chunk batch and one document batch for the fields asked for
    expect(issued).toHaveLength(3);
  });

  it('keys on every parameter that shapes the page', async () => {
    const base = { query: 'sourdough starter', limit: 2 };
    expect((await search(base)).cached).toBe(false);
    const firstPage = await search(base);
    expect(firstPage.cached).toBe(true);
    const variants = [
      { ...base, limit: 3 },
      { ...base, mode: 'KEYWORD' },
      { ...base, fusion: 'RELATIVE_SCORE' },
      { ...base, fusion: 'RELATIVE_SCORE', alpha: 0.9 },
      { ...base, filter: { metadata: { team: 'kitchen' } } },
      { ...base, query: 'sourdough  starter' },
      { ...base, after: firstPage.pageInfo.endCursor },
    ];
    for (const variant of variants) expect((await search(variant)).cached, JSON.stringify(variant)).toBe(false);
    // `first` and `limit` both set the page size; the same size is the same entry
    expect((await search({ query: base.query, first: 2 })).cached).toBe(true);
    // id lists are sets and metadata keys unordered: the same filter written differently hits
    expect((await search({ ...base, filter: { metadata: { lang: 'en', team: 'kitchen' } } })).cached).toBe(false);
    expect((await search({ ...base, filter: { metadata: { team: 'kitchen', lang: 'en' } } })).cached).toBe(true);
  });

  it('serves pages after the first from the cache with the same cursor chain', async () => {
    const first = await search({ query: 'index build', first: 1 });
    const second = await search({ query: 'index build', first: 1, after: first.pageInfo.endCursor });
    const secondAgain = await search({ query: 'index build', first: 1, after: first.pageInfo.endCursor });
    expect(secondAgain.cached).toBe(true);
    expect(secondAgain.hits).toEqual(second.hits);
    expect(secondAgain.pageInfo).toEqual(second.pageInfo);
  });

  it('is invalidated by a write: the next search misses and sees the new document; an unchanged re-ingest keeps it', async () => {
    const input = { query: 'valkey redis caching', limit: 5 };
    await search(input);
    expect((await search(input)).cached).toBe(true);

    const created = await ingest({ externalId: 'valkey', title: 'Valkey', content: 'Valkey is a Redis fork: caching search results in memory with valkey.' });
    expect(created.status).toBe('CREATED');
    const afterWrite = await search(input);
    expect(afterWrite.cached).toBe(false);
    expect(afterWrite.hits.map((hit) => hit.chunk.document.externalId)).toContain('valkey');
    expect((await search(input)).cached).toBe(true);

    const unchanged = await ingest({ externalId: 'valkey', title: 'Valkey', content: 'Valkey is a Redis fork: caching search results in memory with valkey.' });
    expect(unchanged.status).toBe('UNCHANGED');
    expect((await search(input)).cached).toBe(true);

    const deleted = await graphql<{ deleteDocument: boolean }>(server.url, `mutation { deleteDocument(id: "${created.document.id}") }`);
    expect(deleted.data?.deleteDocument).toBe(true);
    const afterDelete = await search(input);
    expect(afterDelete.cached).toBe(false);
    expect(afterDelete.hits.map((hit) => hit.chunk.document.externalId)).not.toContain('valkey');
  });

  it('counts hits and misses per kind on /metrics, and reports the cache on /readyz', async () => {
    const base = server.url.replace('/graphql', '');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1]);
    expect(value('ragway_cache_hits_total\\{kind="search"\\}')).toBeGreaterThanOrEqual(6);
    expect(value('ragway_cache_misses_total\\{kind="search"\\}')).toBeGreaterThanOrEqual(10);
    expect(value('ragway_cache_errors_total\\{op="get"\\}')).toBe(0);
    expect(metrics).toContain('process_cpu_user_seconds_total');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toContain(`cache: ${cacheKind} ok`);
  });
});

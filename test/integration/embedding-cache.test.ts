import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { search, type SearchInput } from '../../src/retrieval/search.js';
import { CORPUS } from '../support/corpus.js';
import { RUNTIMES } from '../support/databases.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';
import { SHARED_REDIS_URL, uniqueKeyPrefix } from '../support/redis-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Query embeddings are cached in Redis, so a repeated query text skips the provider, also on another replica. */
describe('query embedding cache with an OpenAI-compatible provider', () => {
  let fake: FakeOpenAI;
  let replicaA: TestApp;
  let replicaB: TestApp;
  const keyPrefix = uniqueKeyPrefix();
  const embeddingRequests = () => fake.requests.filter((request) => request.path === '/v1/embeddings').length;
  const run = (app: TestApp, input: Omit<SearchInput, 'tenantId' | 'collection'>) =>
    search(app.deps, { tenantId: app.deps.defaultTenantId, collection: 'kb', ...input });

  const replica = async () => {
    const environment = { EMBEDDINGS_PROVIDER: 'openai', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test-key', REDIS_URL: SHARED_REDIS_URL, CACHE_KEY_PREFIX: keyPrefix };
    const app = await createTestApp(RUNTIMES[0]!, environment);
    await createCollection(app.deps, { tenantId: app.deps.defaultTenantId, name: 'kb', chunkSize: 64, chunkOverlap: 8 });
    for (const document of CORPUS) await ingestDocument(app.deps, { tenantId: app.deps.defaultTenantId, collection: 'kb', ...document });
    return app;
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    replicaA = await replica();
    replicaB = await replica();
  });
  afterAll(async () => {
    await replicaA?.dispose();
    await replicaB?.dispose();
    await fake?.close();
  });

  it('embeds a query text once, then reuses it for other searches with the same text', async () => {
    const before = embeddingRequests();
    const first = await run(replicaA, { query: 'approximate nearest neighbour index', limit: 3 });
    expect(embeddingRequests()).toBe(before + 1);
    // another page size misses the search cache but hits the embedding cache: same ranking, no provider call
    const wider = await run(replicaA, { query: 'approximate nearest neighbour index', limit: 4, mode: 'VECTOR' });
    const sameSize = await run(replicaA, { query: 'approximate nearest neighbour index', limit: 3, fusion: 'RELATIVE_SCORE' });
    expect([wider.cached, sameSize.cached]).toEqual([false, false]);
    expect(embeddingRequests()).toBe(before + 1);
    expect(first.hits[0]?.chunkId).toBe(sameSize.hits[0]?.chunkId);
    // a different text is a different embedding
    await run(replicaA, { query: 'sourdough bread', limit: 3 });
    expect(embeddingRequests()).toBe(before + 2);
    const hits = (await replicaA.deps.cacheMetrics.hits.get()).values.find((value) => value.labels['kind'] === 'embedding');
    expect(hits?.value).toBe(2);
  });

  it('shares query embeddings between replicas through Redis', async () => {
    await run(replicaA, { query: 'hnsw maintenance work mem', limit: 3 });
    const before = embeddingRequests();
    const onB = await run(replicaB, { query: 'hnsw maintenance work mem', limit: 3 });
    expect(onB.cached).toBe(false); // B's collection is another collection: its search cache is its own
    expect(embeddingRequests()).toBe(before);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatistics } from '../../src/db/bm25-stats.js';
import { selectRows } from '../../src/db/client.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { search } from '../../src/retrieval/search.js';
import { RUNTIMES } from '../support/databases.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe.each(RUNTIMES)('a failing embedding service on %s', (runtime) => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let tenantId: string;
  let collectionId: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ embeddingDimension: 64 });
    app = await createTestApp(runtime, {
      EMBEDDINGS_PROVIDER: 'openai',
      EMBEDDINGS_MODEL: 'text-embedding-3-small',
      EMBEDDINGS_DIMENSION: '64',
      EMBEDDINGS_MAX_RETRIES: '1',
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_API_KEY: 'test-key',
    });
    tenantId = app.deps.defaultTenantId;
    collectionId = (await createCollection(app.deps, { tenantId, name: 'remote' })).id;
    await ingestDocument(app.deps, { tenantId, collection: 'remote', externalId: 'kept', content: 'Gas turbines compress air before combustion.' });
  });
  afterAll(async () => {
    await app?.dispose();
    await fake?.close();
  });

  const snapshot = async () => ({
    statistics: await readStatistics(app.deps.db, { tenantId, collectionId }),
    documents: await selectRows<{ external_id: string; content_hash: string }>(app.deps.db, sql`SELECT external_id, content_hash FROM documents ORDER BY external_id`),
    chunks: await selectRows<{ content: string }>(app.deps.db, sql`SELECT content FROM chunks ORDER BY content`),
  });

  it('rejects the ingest with UPSTREAM_UNAVAILABLE and leaves the database as it was', async () => {
    const before = await snapshot();
    fake.enqueueFailure(503, 2, '/v1/embeddings'); // EMBEDDINGS_MAX_RETRIES=1: two attempts, both fail
    await expect(ingestDocument(app.deps, { tenantId, collection: 'remote', externalId: 'new', content: 'Compressor blades stall at high angles of attack.' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    fake.enqueueFailure(503, 2, '/v1/embeddings'); // EMBEDDINGS_MAX_RETRIES=1: two attempts, both fail
    await expect(ingestDocument(app.deps, { tenantId, collection: 'remote', externalId: 'kept', content: 'Replacement text that never lands.' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await snapshot()).toEqual(before);
  });

  it('recovers once the service answers again, and vector search fails loudly while it is down', async () => {
    fake.enqueueFailure(500, 2, '/v1/embeddings');
    await expect(search(app.deps, { tenantId, collection: 'remote', query: 'turbine', mode: 'VECTOR' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const keyword = await search(app.deps, { tenantId, collection: 'remote', query: 'turbine', mode: 'KEYWORD' });
    expect(keyword.hits).toHaveLength(1);
    const result = await ingestDocument(app.deps, { tenantId, collection: 'remote', externalId: 'later', content: 'Nozzles accelerate the exhaust.' });
    expect(result.status).toBe('CREATED');
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInconsistentPostings, readStatistics } from '../../src/db/bm25-stats.js';
import { selectRows } from '../../src/db/client.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { highlightChunks } from '../../src/retrieval/highlight.js';
import { search, type SearchMode } from '../../src/retrieval/search.js';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { RUNTIMES } from '../support/databases.js';
import { graphql } from '../support/graphql-client.js';
import { KOREAN_DOCUMENTS, KOREAN_QUERIES } from '../support/korean-corpus.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe.each(RUNTIMES)('Korean search with CJK bigrams on %s', (runtime) => {
  let app: TestApp;
  let server: RunningServer;
  let tenantId: string;

  beforeAll(async () => {
    app = await createTestApp(runtime);
    tenantId = app.deps.defaultTenantId;
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    const created = await graphql<{ createCollection: unknown }>(server.url, `mutation {
      createCollection(input: { name: "ko", tokenizer: CJK_BIGRAM }) { name tokenizer textSearchConfig } }`);
    expect(created.data?.createCollection).toEqual({ name: 'ko', tokenizer: 'CJK_BIGRAM', textSearchConfig: 'simple' });
    await createCollection(app.deps, { tenantId, name: 'ko-standard', textSearchConfig: 'simple' });
    for (const document of KOREAN_DOCUMENTS) {
      await ingestDocument(app.deps, { tenantId, collection: 'ko', ...document });
      await ingestDocument(app.deps, { tenantId, collection: 'ko-standard', ...document });
    }
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await app?.dispose();
  });

  async function topDocuments(collection: string, query: string, mode: SearchMode): Promise<string[]> {
    const { hits } = await search(app.deps, { tenantId, collection, query, mode, limit: 3 });
    if (hits.length === 0) return [];
    const rows = await selectRows<{ id: string; external_id: string }>(app.deps.db, sql`
      SELECT c.id, d.external_id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ANY(${sql.param(hits.map((hit) => hit.chunkId))}::uuid[])`);
    return hits.map((hit) => rows.find((row) => row.id === hit.chunkId)?.external_id ?? '');
  }

  it.each(['KEYWORD', 'HYBRID'] as const)('finds the expected document in the top 3 for every query (%s)', async (mode) => {
    for (const { query, expected } of KOREAN_QUERIES) {
      expect(await topDocuments('ko', query, mode), query).toContain(expected);
    }
  });

  it('does better than whole-word indexing, which misses words with particles attached', async () => {
    let bigramFirst = 0;
    let standardFirst = 0;
    for (const { query, expected } of KOREAN_QUERIES) {
      if ((await topDocuments('ko', query, 'KEYWORD'))[0] === expected) bigramFirst += 1;
      if ((await topDocuments('ko-standard', query, 'KEYWORD'))[0] === expected) standardFirst += 1;
    }
    expect(bigramFirst).toBeGreaterThanOrEqual(KOREAN_QUERIES.length - 1);
    expect(standardFirst).toBeLessThan(bigramFirst);
  });

  it('indexes bigrams with exact statistics and postings', async () => {
    const [collection] = await selectRows<{ id: string }>(app.deps.db, sql`SELECT id FROM collections WHERE name = 'ko' AND tenant_id = ${tenantId}`);
    const collectionId = collection?.id ?? '';
    const maintained = await readStatistics(app.deps.db, { tenantId, collectionId });
    expect(maintained).toEqual(await readStatistics(app.deps.db, { tenantId, collectionId, recount: true }));
    expect(maintained.documentFrequencies['김치']).toBeGreaterThan(0);
    expect(maintained.documentFrequencies['검색엔진은']).toBeUndefined();
    expect(await countInconsistentPostings(app.deps.db, { tenantId, collectionId })).toBe(0);
  });

  it('highlights Korean hits with a plain snippet over the original text', async () => {
    const { hits } = await search(app.deps, { tenantId, collection: 'ko', query: '역색인 검색엔진', mode: 'KEYWORD', limit: 1 });
    const chunkIds = hits.map((hit) => hit.chunkId);
    const snippets = await highlightChunks(app.deps.db, { tenantId, chunkIds, query: '역색인 검색엔진', textSearchConfig: 'simple' });
    const snippet = snippets.get(chunkIds[0] ?? '') ?? '';
    expect(snippet).toContain('<mark>검색엔진</mark>');
    expect(snippet).toContain('<mark>역색인</mark>');
    expect(snippet).not.toMatch(/검색 색엔/);
  });

  it('reports the tokenizer of each collection', async () => {
    const result = await graphql<{ a: { tokenizer: string }; b: { tokenizer: string } }>(server.url, `
      query { a: collection(name: "ko") { tokenizer } b: collection(name: "ko-standard") { tokenizer } }`);
    expect(result.data).toEqual({ a: { tokenizer: 'CJK_BIGRAM' }, b: { tokenizer: 'STANDARD' } });
  });

  it('pins a quoted Korean phrase in HYBRID search', async () => {
    const query = '벡터 임베딩 유사도 "단어 빈도와 역문서 빈도"';
    expect((await topDocuments('ko', query, 'HYBRID'))[0]).toBe('search-engine');
  });

  it('serves a Korean search over GraphQL with a highlight', async () => {
    const result = await graphql<{ search: { hits: { highlight: string; chunk: { document: { externalId: string } } }[] } }>(server.url, `
      query { search(input: { collection: "ko", query: "김치 담그는 방법", limit: 3 }) {
        hits { highlight chunk { document { externalId } } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.search.hits[0]?.chunk.document.externalId).toBe('kimchi');
    expect(result.data?.search.hits[0]?.highlight).toContain('<mark>김치</mark>');
  });
});

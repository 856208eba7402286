import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { RUNTIMES } from '../support/databases.js';
import { errorCodes, graphql } from '../support/graphql-client.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const INGEST = `mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) { status chunkCount document { id externalId title metadata } } }`;
const SEARCH = `query Search($input: SearchInput!) {
  search(input: $input) {
    tookMs cached pageInfo { hasNextPage endCursor }
    hits { score bm25Score vectorScore bm25Rank vectorRank highlight
      chunk { id content ordinal headingPath document { id externalId title metadata } } } } }`;

describe.each(RUNTIMES)('GraphQL over HTTP on %s', (runtime) => {
  let app: TestApp;
  let server: RunningServer;

  beforeAll(async () => {
    app = await createTestApp(runtime);
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    const created = await graphql(server.url, `mutation { createCollection(input: { name: "kb", chunkSize: 48, chunkOverlap: 8 }) { name chunkSize textSearchConfig } }`);
    expect(created.data).toEqual({ createCollection: { name: 'kb', chunkSize: 48, textSearchConfig: 'english' } });
    for (let index = 0; index < 20; index += 1) {
      const content = Array.from({ length: 6 }, (_, paragraph) => `Turbine blade ${index}-${paragraph} cooling uses compressor air and film cooling holes.`).join('\n\n');
      const result = await graphql(server.url, INGEST, { input: { collection: 'kb', externalId: `doc-${index}`, title: `Blade ${index}`, content, metadata: { index } } });
      expect(result.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await app?.dispose();
  });

  it('searches with highlights and nested documents', async () => {
    const result = await graphql<{ search: { hits: { highlight: string; chunk: { document: { externalId: string } } }[] } }>(server.url, SEARCH, {
      input: { collection: 'kb', query: 'film cooling holes', limit: 5 },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.search.hits).toHaveLength(5);
    expect(result.data?.search.hits[0]?.highlight).toMatch(/<mark>cool/i);
  });

  it('resolves a 50-hit search with a bounded number of SQL statements', async () => {
    const before = app.statements.length;
    const result = await graphql<{ search: { hits: unknown[] } }>(server.url, SEARCH, { input: { collection: 'kb', query: 'turbine blade cooling', limit: 50 } });
    expect(result.data?.search.hits).toHaveLength(50);
    const issued = app.statements.slice(before);
    // collection lookup, two legs (+ SET LOCALs), one near-duplicate lookup, one chunk batch, one document batch, one highlight batch
    expect(issued.length).toBeLessThanOrEqual(11);
  });

  it('pages through results without duplicates or gaps', async () => {
    const all = await graphql<{ search: { hits: { chunk: { id: string } }[] } }>(server.url, SEARCH, { input: { collection: 'kb', query: 'compressor air', first: 12 } });
    const firstPage = await graphql<{ search: { hits: { chunk: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } }>(server.url, SEARCH, { input: { collection: 'kb', query: 'compressor air', first: 6 } });
    expect(firstPage.data?.search.pageInfo.hasNextPage).toBe(true);
    const secondPage = await graphql<{ search: { hits: { chunk: { id: string } }[] } }>(server.url, SEARCH, {
      input: { collection: 'kb', query: 'compressor air', first: 6, after: firstPage.data?.search.pageInfo.endCursor },
    });
    const paged = [...(firstPage.data?.search.hits ?? []), ...(secondPage.data?.search.hits ?? [])].map((hit) => hit.chunk.id);
    expect(new Set(paged).size).toBe(12);
    expect(paged.slice(0, 6)).toEqual(all.data?.search.hits.slice(0, 6).map((hit) => hit.chunk.id));
  });

  it('answers bad input with typed errors, never a 500', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ collection: 'kb', externalId: 'e', content: '   ' }, INGEST, 'BAD_USER_INPUT'],
      [{ collection: 'kb', externalId: 'big', content: 'x'.repeat(10 * 1024 * 1024) }, INGEST, 'PAYLOAD_TOO_LARGE'],
      [{ collection: 'kb', externalId: 'm', content: 'hello', metadata: [1, 2] }, INGEST, 'BAD_USER_INPUT'],
      [{ collection: 'nope', externalId: 'n', content: 'hello' }, INGEST, 'NOT_FOUND'],
      [{ collection: 'nope', query: 'turbine' }, SEARCH, 'NOT_FOUND'],
      [{ collection: 'kb', query: 'turbine', limit: -1 }, SEARCH, 'BAD_USER_INPUT'],
      [{ collection: 'kb', query: 'turbine', limit: 100000 }, SEARCH, 'BAD_USER_INPUT'],
      [{ collection: 'kb', query: 'turbine', alpha: 2, fusion: 'RELATIVE_SCORE' }, SEARCH, 'BAD_USER_INPUT'],
      [{ collection: 'kb', query: 'turbine', after: 'garbage' }, SEARCH, 'BAD_USER_INPUT'],
      [{ collection: 'kb', query: 'turbine', filter: { documentIds: ['not-a-uuid'] } }, SEARCH, 'BAD_USER_INPUT'],
    ];
    for (const [input, operation, code] of cases) {
      const result = await graphql(server.url, operation, { input });
      expect(result.status, JSON.stringify(input).slice(0, 80)).toBeLessThan(500);
      expect(errorCodes(result), JSON.stringify(input).slice(0, 80)).toEqual([code]);
    }
    const syntax = await graphql(server.url, 'query { search(', {});
    expect(errorCodes(syntax)).toEqual(['BAD_USER_INPUT']);
  });

  it('returns an empty result for a query of only stop words or punctuation', async () => {
    for (const query of ['the and of', '?!... ---']) {
      const result = await graphql<{ search: { hits: unknown[] } }>(server.url, SEARCH, { input: { collection: 'kb', query, mode: 'KEYWORD' } });
      expect(result.errors).toBeUndefined();
      expect(result.data?.search.hits).toEqual([]);
    }
  });

  it('reports UNCHANGED for an identical re-ingest over HTTP', async () => {
    const input = { collection: 'kb', externalId: 'doc-0', title: 'Blade 0', content: 'changed text about nozzles', metadata: { index: 0 } };
    expect((await graphql<{ ingestDocument: { status: string } }>(server.url, INGEST, { input })).data?.ingestDocument.status).toBe('UPDATED');
    expect((await graphql<{ ingestDocument: { status: string } }>(server.url, INGEST, { input })).data?.ingestDocument.status).toBe('UNCHANGED');
  });

  it('serves an offline console page to browsers and health endpoints', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('ragway console');
    expect(html).not.toMatch(/https?:\/\//);
    const base = server.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

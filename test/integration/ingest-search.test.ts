import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatistics } from '../../src/db/bm25-stats.js';
import { selectRows } from '../../src/db/client.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { deleteDocument } from '../../src/ingestion/delete.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { search } from '../../src/retrieval/search.js';
import { CORPUS } from '../support/corpus.js';
import { RUNTIMES } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe.each(RUNTIMES)('ingest and search on %s', (runtime) => {
  let app: TestApp;
  let tenantId: string;
  let collectionId: string;
  const collection = 'docs';

  beforeAll(async () => {
    app = await createTestApp(runtime);
    tenantId = app.deps.defaultTenantId;
    collectionId = (await createCollection(app.deps, { tenantId, name: collection, chunkSize: 64, chunkOverlap: 8 })).id;
    for (const document of CORPUS) {
      const result = await ingestDocument(app.deps, { tenantId, collection, ...document });
      expect(result.status).toBe('CREATED');
    }
  });
  afterAll(() => app?.dispose());

  const statistics = async () => ({
    maintained: await readStatistics(app.deps.db, { tenantId, collectionId }),
    recount: await readStatistics(app.deps.db, { tenantId, collectionId, recount: true }),
  });
  const topDocument = async (query: string, mode: 'KEYWORD' | 'VECTOR' | 'HYBRID') => {
    const { hits } = await search(app.deps, { tenantId, collection, query, mode, limit: 3 });
    const [first] = await app.deps.db.execute(sql`SELECT d.external_id, c.heading_path FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ${hits[0]?.chunkId}`).then((result) => (result as unknown as { rows: { external_id: string; heading_path: string[] }[] }).rows);
    return first;
  };

  it.each(['KEYWORD', 'VECTOR', 'HYBRID'] as const)('finds the right chunk in %s mode', async (mode) => {
    expect((await topDocument('building an HNSW index after bulk loading', mode))?.external_id).toBe('pgvector-guide');
    expect((await topDocument('sourdough starter flour', mode))?.external_id).toBe('kitchen');
    expect((await topDocument('redis caching of search results', mode))?.external_id).toBe('html-page');
  });

  it('keeps heading paths, drops scripts and reads the HTML title', async () => {
    const hit = await topDocument('HNSW recall nearest neighbour', 'KEYWORD');
    expect(hit?.heading_path).toEqual(['pgvector guide', 'Indexes']);
    const [page] = await selectRows<{ title: string; content: string }>(app.deps.db, sql`
      SELECT d.title, string_agg(c.content, ' ') AS content FROM documents d JOIN chunks c ON c.document_id = d.id
      WHERE d.external_id = 'html-page' GROUP BY d.title`);
    expect(page?.title).toBe('Redis caching');
    expect(page?.content).not.toContain('tracking');
  });

  it('maintains BM25 statistics equal to a recount', async () => {
    const { maintained, recount } = await statistics();
    expect(maintained.chunkCount).toBeGreaterThan(3);
    expect(maintained).toEqual(recount);
  });

  it('treats an identical re-ingest as a no-op', async () => {
    const before = await statistics();
    const statementsBefore = app.statements.length;
    const result = await ingestDocument(app.deps, { tenantId, collection, ...CORPUS[1] });
    expect(result.status).toBe('UNCHANGED');
    expect(app.statements.slice(statementsBefore).some((statement) => /^\s*(insert|update|delete)/i.test(statement))).toBe(false);
    expect(await statistics()).toEqual(before);
  });

  it('replaces chunks of changed content and keeps statistics exact', async () => {
    const changed = { ...CORPUS[1], content: 'Okapi BM25 was developed at City University London for the Okapi system.' };
    const result = await ingestDocument(app.deps, { tenantId, collection, ...changed });
    expect(result.status).toBe('UPDATED');
    expect(result.chunkCount).toBe(1);
    const { maintained, recount } = await statistics();
    expect(maintained).toEqual(recount);
    expect(maintained.documentFrequencies['okapi']).toBe(1);
    expect(maintained.documentFrequencies['satur']).toBeUndefined();
    expect((await topDocument('Okapi City University', 'KEYWORD'))?.external_id).toBe('bm25-notes');
  });

  it('deletes a document with its chunks and statistics', async () => {
    const extra = await ingestDocument(app.deps, { tenantId, collection, externalId: 'temp', content: 'Zeppelin airships float over Friedrichshafen.' });
    expect((await statistics()).maintained.documentFrequencies['zeppelin']).toBe(1);
    expect(await deleteDocument(app.deps, { tenantId, id: extra.document.id })).toBe(true);
    expect(await deleteDocument(app.deps, { tenantId, id: extra.document.id })).toBe(false);
    const { maintained, recount } = await statistics();
    expect(maintained).toEqual(recount);
    expect(maintained.documentFrequencies['zeppelin']).toBeUndefined();
    const { hits } = await search(app.deps, { tenantId, collection, query: 'zeppelin', mode: 'KEYWORD' });
    expect(hits).toEqual([]);
  });

  it('leaves no trace when a chunk write fails mid-transaction', async () => {
    await app.deps.db.execute(sql.raw(`
      CREATE OR REPLACE FUNCTION reject_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.content LIKE '%POISON%' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`));
    await app.deps.db.execute(sql.raw(`
      CREATE TRIGGER reject_poison BEFORE INSERT ON chunks FOR EACH ROW EXECUTE FUNCTION reject_poison()`));
    const before = await statistics();
    const documentsBefore = await selectRows<{ count: number }>(app.deps.db, sql`SELECT count(*)::int AS count FROM documents`);
    const healthy = Array.from({ length: 40 }, (_, index) => `Paragraph ${index} about turbines and compressors.`).join('\n\n');
    const content = `${healthy}\n\nThis paragraph carries the POISON marker.`;
    await expect(ingestDocument(app.deps, { tenantId, collection, externalId: 'poisoned', content })).rejects.toThrow();
    // an update that fails must keep the old version too
    await expect(ingestDocument(app.deps, { tenantId, collection, ...CORPUS[2], content: `${CORPUS[2].content}\n\nPOISON` })).rejects.toThrow();
    await app.deps.db.execute(sql.raw('DROP TRIGGER reject_poison ON chunks'));
    expect(await statistics()).toEqual(before);
    expect(await selectRows(app.deps.db, sql`SELECT count(*)::int AS count FROM documents`)).toEqual(documentsBefore);
    expect((await topDocument('sourdough starter flour', 'KEYWORD'))?.external_id).toBe('kitchen');
  });

  it('applies metadata and external-id filters inside both legs', async () => {
    for (const mode of ['KEYWORD', 'VECTOR', 'HYBRID'] as const) {
      const kitchenOnly = await search(app.deps, { tenantId, collection, query: 'HNSW index search', mode, filter: { metadata: { team: 'kitchen' } } });
      const kitchenIds = await externalIdsOf(kitchenOnly.hits.map((hit) => hit.chunkId));
      expect(kitchenIds).toEqual(kitchenOnly.hits.map(() => 'kitchen'));
      if (mode !== 'KEYWORD') expect(kitchenIds.length).toBeGreaterThan(0);
      const byExternalId = await search(app.deps, { tenantId, collection, query: 'search', mode, filter: { externalIds: ['html-page'] } });
      expect(await externalIdsOf(byExternalId.hits.map((hit) => hit.chunkId))).toEqual(byExternalId.hits.map(() => 'html-page'));
    }
    const none = await search(app.deps, { tenantId, collection, query: 'search', filter: { externalIds: ['no-such-document'] } });
    expect(none.hits).toEqual([]);
  });

  async function externalIdsOf(chunkIds: string[]): Promise<string[]> {
    if (chunkIds.length === 0) return [];
    const rows = await selectRows<{ id: string; external_id: string }>(app.deps.db, sql`
      SELECT c.id, d.external_id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ANY(${sql.param(chunkIds)}::uuid[])`);
    const byId = new Map(rows.map((row) => [row.id, row.external_id]));
    return chunkIds.map((id) => byId.get(id) ?? '');
  }
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/db/client.js';
import { ensureVectorIndex, HNSW_BUILD, VECTOR_TABLES, vectorIndexName, type VectorTable } from '../../src/db/vector-index.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { search } from '../../src/retrieval/search.js';
import { RUNTIMES } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DIMENSION = 384;
const current = (table: VectorTable) => [`ef_construction=${HNSW_BUILD[table].efConstruction}`, `m=${HNSW_BUILD[table].m}`];

describe.each(RUNTIMES)('vector index parameters on %s', (runtime) => {
  let app: TestApp;
  const index = async (table: VectorTable) => {
    const [row] = await selectRows<{ oid: number; options: string[] | null; definition: string }>(app.deps.db, sql`
      SELECT c.oid::int AS oid, c.reloptions AS options, pg_get_indexdef(c.oid) AS definition
      FROM pg_class c WHERE c.relname = ${vectorIndexName(table, DIMENSION)}`);
    return row === undefined ? undefined : { ...row, options: [...(row.options ?? [])].sort() };
  };

  beforeAll(async () => {
    app = await createTestApp(runtime);
    await createCollection(app.deps, { tenantId: app.deps.defaultTenantId, name: 'notes' });
    await ingestDocument(app.deps, { tenantId: app.deps.defaultTenantId, collection: 'notes', externalId: 'a', content: 'Gliders climb in thermals over the ridge.' });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('builds every index with the configured parameters at start-up', async () => {
    for (const table of VECTOR_TABLES) expect((await index(table))?.options, table).toEqual(current(table));
  });

  it('keeps vectors inline with their row (storage MAIN, migration 0004), not in the TOAST table', async () => {
    const rows = await selectRows<{ table: string; storage: string }>(app.deps.db, sql`
      SELECT c.relname AS table, a.attstorage AS storage FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE a.attname = 'embedding' AND c.relkind = 'r' AND c.relname IN (${sql.join(VECTOR_TABLES.map((table) => sql`${table}`), sql`, `)})`);
    expect(Object.fromEntries(rows.map((row) => [row.table, row.storage]))).toEqual(Object.fromEntries(VECTOR_TABLES.map((table) => [table, 'm'])));
  });

  it('rebuilds an index an older release built with other parameters, and leaves a current one alone', async () => {
    const name = vectorIndexName('chunks', DIMENSION);
    await app.deps.db.execute(sql.raw(`DROP INDEX "${name}"`));
    // As a release with other build parameters left it.
    await app.deps.db.execute(
      sql.raw(
        `CREATE INDEX "${name}" ON chunks USING hnsw ((embedding::vector(${DIMENSION})) vector_cosine_ops) ` +
          `WITH (m = 4, ef_construction = 16) WHERE embedding_dimension = ${DIMENSION}`,
      ),
    );
    const stale = await index('chunks');
    const questionsBefore = await index('questions');
    await ensureVectorIndex(app.deps.db, DIMENSION);
    const rebuilt = await index('chunks');
    expect(rebuilt?.options).toEqual(current('chunks'));
    expect(rebuilt?.oid).not.toBe(stale?.oid);
    expect(rebuilt?.definition).toContain('WHERE (embedding_dimension = 384)');
    expect((await index('questions'))?.oid).toBe(questionsBefore?.oid);
    await ensureVectorIndex(app.deps.db, DIMENSION);
    expect((await index('chunks'))?.oid).toBe(rebuilt?.oid);
    const { hits } = await search(app.deps, { tenantId: app.deps.defaultTenantId, collection: 'notes', query: 'gliders in thermals', mode: 'VECTOR' });
    expect(hits).toHaveLength(1);
  });
});

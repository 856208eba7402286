import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/db/client.js';
import { findCollectionByName } from '../../src/db/collections.js';
import type { CollectionRow } from '../../src/db/schema.js';
import { chunkVectorIndexNames, ensureVectorIndex, vectorIndexName } from '../../src/db/vector-index.js';
import { bulkLoad } from '../../src/ingestion/bulk-load.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { NO_FILTER, type ResolvedFilter } from '../../src/retrieval/filter.js';
import { search } from '../../src/retrieval/search.js';
import { scanVector } from '../../src/retrieval/vector-leg.js';
import { RUNTIMES } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SEGMENTS = 4;
const DIMENSION = 384;
const SUBJECTS = ['pump', 'valve', 'boiler', 'turbine', 'filter', 'sensor', 'gasket', 'bearing', 'motor', 'relay'];

function notes(count: number, prefix: string) {
  return Array.from({ length: count }, (_, index) => ({
    externalId: `${prefix}-${index}`,
    content: `Service the ${SUBJECTS[index % SUBJECTS.length]} of line ${index} every ${index + 2} weeks and log the pressure reading.`,
    metadata: { group: index % 3 === 0 ? 'third' : 'rest' },
  }));
}

describe.each(RUNTIMES)('a segmented chunk vector index on %s', (runtime) => {
  let app: TestApp;
  let collection: CollectionRow;
  let embedding: number[];
  const tenantId = () => app.deps.defaultTenantId;

  const chunkVectorIndexes = async () =>
    selectRows<{ name: string; definition: string }>(app.deps.db, sql`
      SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition
      FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
      WHERE i.indrelid = 'chunks'::regclass AND c.relname LIKE 'chunks_embedding_%'
      ORDER BY c.relname`);

  beforeAll(async () => {
    app = await createTestApp(runtime, { VECTOR_INDEX_SEGMENTS: String(SEGMENTS) });
    // A second collection shares every segment's graph: the leg must never return its rows.
    for (const [name, count] of [['segmented', 80], ['neighbour', 40]] as const) {
      await createCollection(app.deps, { tenantId: tenantId(), name, chunkSize: 256, chunkOverlap: 0 });
      await bulkLoad(app.deps, { tenantId: tenantId(), collection: name, documents: notes(count, name) });
    }
    const found = await findCollectionByName(app.deps.db, tenantId(), 'segmented');
    if (found === undefined) throw new Error('collection missing');
    collection = found;
    embedding = await app.deps.embedder.embedQuery('how often to service the boiler and log the pressure');
  }, 300_000);
  afterAll(() => app?.dispose());

  async function exactIds(group: string | undefined): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(app.deps.db, sql`
      SELECT id FROM chunks
      WHERE collection_id = ${collection.id} ${group === undefined ? sql`` : sql`AND metadata->>'group' = ${group}`}
      ORDER BY embedding <=> ${`[${embedding.join(',')}]`}::vector, id
      LIMIT 10`);
    return rows.map((row) => row.id);
  }

  it('builds one partial HNSW index per segment (rebuilt after a bulk load), each over its own slice of the rows', async () => {
    const indexes = await chunkVectorIndexes();
    expect(indexes.map((index) => index.name)).toEqual(chunkVectorIndexNames(DIMENSION, SEGMENTS));
    for (const [segment, index] of indexes.entries()) {
      expect(index.definition).toContain('hnsw');
      expect(index.definition).toContain(`(uuid_hash(id) & ${SEGMENTS - 1}) = ${segment}`);
    }
    // The slices partition the rows: every chunk is in exactly one segment, and no segment is empty.
    const [counts] = await selectRows<{ total: number; segmented: number; empty: number }>(app.deps.db, sql`
      SELECT count(*)::int AS total,
        (SELECT count(*)::int FROM chunks c, generate_series(0, ${SEGMENTS - 1}) s WHERE (uuid_hash(c.id) & ${SEGMENTS - 1}) = s) AS segmented,
        (SELECT count(*)::int FROM generate_series(0, ${SEGMENTS - 1}) s WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE (uuid_hash(c.id) & ${SEGMENTS - 1}) = s)) AS empty
      FROM chunks`);
    expect(counts).toEqual({ total: 120, segmented: 120, empty: 0 });
  });

  it('walks every segment and merges their candidates into the exact top 10, unfiltered and filtered', async () => {
    for (const [filter, group] of [[NO_FILTER, undefined], [{ documentIds: undefined, metadata: { group: 'rest' } }, 'rest']] as [ResolvedFilter, string | undefined][]) {
      app.statements.length = 0;
      const result = await scanVector(app.deps.db, { collection, embedding, limit: 10, filter, exactScanMaxRows: 0, segments: SEGMENTS });
      expect(result.scan).toBe('index');
      // Graphs this small are searched exhaustively: the merged answer is the exact one.
      expect(result.hits.map((hit) => hit.chunkId)).toEqual(await exactIds(group));
      const statement = app.statements.find((text) => text.includes('uuid_hash')) ?? '';
      for (let segment = 0; segment < SEGMENTS; segment += 1) expect(statement).toContain(`(uuid_hash(c.id) & ${SEGMENTS - 1}) = ${segment}`);
    }
  });

  it('plans each segment’s walk on that segment’s index', async () => {
    const literal = `[${embedding.join(',')}]`;
    const branches = Array.from({ length: SEGMENTS }, (_, segment) => `(SELECT c.id, c.embedding::vector(384) <=> '${literal}'::vector(384) AS distance FROM chunks c
        WHERE c.embedding_dimension = 384 AND (uuid_hash(c.id) & ${SEGMENTS - 1}) = ${segment} ORDER BY distance LIMIT 10)`);
    await app.deps.db.transaction(async (transaction) => {
      // The tables are tiny: make the planner show which index each branch can use rather than scanning.
      await transaction.execute(sql`SET LOCAL enable_seqscan = off`);
      const plan = await selectRows<{ 'QUERY PLAN': string }>(transaction, sql.raw(`EXPLAIN (COSTS OFF) ${branches.join(' UNION ALL ')}`));
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      for (const name of chunkVectorIndexNames(DIMENSION, SEGMENTS)) expect(text).toContain(name);
    });
  });

  it('serves VECTOR search and flags a near-identical copy at ingest through the segments', async () => {
    const { hits } = await search(app.deps, { tenantId: tenantId(), collection: 'segmented', query: 'service the boiler pressure', mode: 'VECTOR', limit: 5 });
    expect(hits).toHaveLength(5);
    const original = notes(80, 'segmented')[2];
    if (original === undefined) throw new Error('note missing');
    await ingestDocument(app.deps, { tenantId: tenantId(), collection: 'segmented', externalId: 'copy', content: original.content });
    const [copy] = await selectRows<{ duplicate_of: string | null; original_id: string }>(app.deps.db, sql`
      SELECT c.duplicate_of, (SELECT o.id FROM chunks o JOIN documents d ON d.id = o.document_id WHERE d.external_id = ${original.externalId} AND d.collection_id = ${collection.id}) AS original_id
      FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.external_id = 'copy'`);
    expect(copy?.duplicate_of).toBe(copy?.original_id);
  });

  it('replaces the segment indexes by one index when the setting goes back to 1, and back again', async () => {
    await ensureVectorIndex(app.deps.db, DIMENSION, { chunkSegments: 1 });
    expect((await chunkVectorIndexes()).map((index) => index.name)).toEqual([vectorIndexName('chunks', DIMENSION)]);
    await ensureVectorIndex(app.deps.db, DIMENSION, { chunkSegments: SEGMENTS });
    expect((await chunkVectorIndexes()).map((index) => index.name)).toEqual(chunkVectorIndexNames(DIMENSION, SEGMENTS));
  });
});

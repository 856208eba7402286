import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/db/client.js';
import { findCollectionByName } from '../../src/db/collections.js';
import type { CollectionRow } from '../../src/db/schema.js';
import { bulkLoad } from '../../src/ingestion/bulk-load.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { NO_FILTER, type ResolvedFilter } from '../../src/retrieval/filter.js';
import { scanVector } from '../../src/retrieval/vector-leg.js';
import { RUNTIMES } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SUBJECTS = ['pump', 'valve', 'boiler', 'turbine', 'filter', 'sensor', 'gasket', 'bearing', 'motor', 'relay'];
const ACTIONS = ['inspect', 'replace', 'calibrate', 'clean', 'lubricate', 'tighten'];

/** Short maintenance notes, one chunk each; the first RARE of them carry the metadata a selective filter asks for. */
function notes(count: number, prefix: string) {
  return Array.from({ length: count }, (_, index) => ({
    externalId: `${prefix}-${index}`,
    content: `${ACTIONS[index % ACTIONS.length]} the ${SUBJECTS[index % SUBJECTS.length]} of unit ${index} every ${index + 2} weeks; record the reading.`,
    metadata: { group: index < RARE ? 'rare' : 'common' },
  }));
}
const RARE = 6;
const NOTES = 60;
const QUERY = 'how often to calibrate the pump sensor';

describe.each(RUNTIMES)('the vector leg’s choice between index and exact scan on %s', (runtime) => {
  let app: TestApp;
  let collection: CollectionRow;
  let embedding: number[];

  beforeAll(async () => {
    app = await createTestApp(runtime);
    const tenantId = app.deps.defaultTenantId;
    // A second collection in the same HNSW index: the leg's scan must never return its rows.
    for (const [name, count] of [['leg', NOTES], ['neighbour', 40]] as const) {
      await createCollection(app.deps, { tenantId, name, chunkSize: 256, chunkOverlap: 0 });
      await bulkLoad(app.deps, { tenantId, collection: name, documents: notes(count, name) });
    }
    const found = await findCollectionByName(app.deps.db, tenantId, 'leg');
    if (found === undefined) throw new Error('collection missing');
    collection = found;
    embedding = await app.deps.embedder.embedQuery(QUERY);
  }, 300_000);
  afterAll(() => app?.dispose());

  /** The true nearest chunks of the collection under the filter, by a plain sort over every row. */
  async function exactIds(group: string | undefined, limit: number): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(app.deps.db, sql`
      SELECT id FROM chunks
      WHERE collection_id = ${collection.id} ${group === undefined ? sql`` : sql`AND metadata->>'group' = ${group}`}
      ORDER BY embedding <=> ${`[${embedding.join(',')}]`}::vector, id
      LIMIT ${limit}`);
    return rows.map((row) => row.id);
  }

  async function scan(filter: ResolvedFilter, exactScanMaxRows: number) {
    app.statements.length = 0;
    const result = await scanVector(app.deps.db, { collection, embedding, limit: 10, filter, exactScanMaxRows });
    return { ...result, ids: result.hits.map((hit) => hit.chunkId), statements: app.statements.length };
  }

  const rare: ResolvedFilter = { documentIds: undefined, metadata: { group: 'rare' } };
  const common: ResolvedFilter = { documentIds: undefined, metadata: { group: 'common' } };

  it('ranks a filter with few matches exactly, deciding and ranking in one statement', async () => {
    const result = await scan(rare, 20);
    expect(result.scan).toBe('exact');
    expect(result.statements).toBe(1);
    expect(result.ids).toEqual(await exactIds('rare', 10));
    expect(result.ids).toHaveLength(RARE);
  });

  it('leaves a filter matching more rows than the threshold to the index-typed query', async () => {
    const result = await scan(common, 20);
    expect(result.scan).toBe('index');
    expect(result.statements).toBe(1);
    expect(result.ids).toHaveLength(10);
    // A graph this small is searched exhaustively at ef_search 100: the index answer is the exact one.
    expect(result.ids).toEqual(await exactIds('common', 10));
  });

  it('counts the matches only up to the threshold, so the boundary decides both ways', async () => {
    expect(await scan(rare, RARE)).toMatchObject({ scan: 'exact', statements: 1 });
    // One more match than the threshold: the index scan runs, finds fewer than `limit` (all RARE match), and the
    // exact fallback confirms there are no more — a second statement, the same rows.
    const over = await scan(rare, RARE - 1);
    expect(over).toMatchObject({ scan: 'exact', statements: 2 });
    expect(over.ids).toEqual(await exactIds('rare', 10));
  });

  it('ranks a collection no larger than the threshold exactly without counting, and a larger one by the index', async () => {
    const small = await scan(NO_FILTER, NOTES);
    expect(small).toMatchObject({ scan: 'exact', statements: 1 });
    expect(small.ids).toEqual(await exactIds(undefined, 10));
    const large = await scan(NO_FILTER, NOTES - 1);
    expect(large.scan).toBe('index');
    expect(large.ids).toEqual(small.ids);
  });

  it('returns no rows, not another collection’s, when nothing matches the filter', async () => {
    for (const threshold of [0, 20]) {
      const result = await scan({ documentIds: undefined, metadata: { group: 'none' } }, threshold);
      expect(result.ids).toEqual([]);
    }
  });

});

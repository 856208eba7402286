import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/db/client.js';
import { vectorIndexName } from '../../src/db/vector-index.js';
import { bulkLoad, type BulkDocument } from '../../src/ingestion/bulk-load.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { RUNTIMES } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const WARRANTY = 'The warranty covers manufacturing defects for 24 months from the date printed on the original receipt.';
const CARE = 'Clean the filter with warm water once a month and let it dry completely before putting it back in place.';
const UNRELATED = 'Our support line is open on weekdays from eight in the morning until six in the evening, local time.';

const document = (externalId: string, paragraphs: string[]): BulkDocument => ({ externalId, content: paragraphs.join('\n\n') });

/**
 * Copies a bulk load must link: across documents of one batch, across batches while the vector index is
 * suspended, within a document (ingest's rule), and never a chunk whose numbers differ. Batches of 3 chunks.
 */
const LOAD = [
  document('a', [WARRANTY, CARE]),
  document('b', [`  ${WARRANTY.toUpperCase()}  `]),
  document('c', [UNRELATED, WARRANTY.replace('24 months', '36 months')]),
  document('d', [CARE.replace('once a month', 'once a month,').replace('back in place', 'back in place!')]),
  document('e', [UNRELATED, UNRELATED.replace('weekdays', 'week days')]),
];

/** Expected links as "externalId#ordinal → externalId#ordinal". */
const LINKS = ['b#0 → a#0', 'd#0 → a#1', 'e#0 → c#0', 'e#1 → c#0'];

describe.each(RUNTIMES)('near-duplicate flagging in bulk loads on %s', (runtime) => {
  let app: TestApp;
  const tenantId = () => app.deps.defaultTenantId;

  const linksOf = async (collection: string) => {
    const rows = await selectRows<{ copy: string; original: string }>(app.deps.db, sql`
      SELECT d.external_id || '#' || c.ordinal AS copy, od.external_id || '#' || o.ordinal AS original
      FROM chunks c
      JOIN documents d ON d.id = c.document_id
      JOIN collections k ON k.id = c.collection_id
      JOIN chunks o ON o.id = c.duplicate_of
      JOIN documents od ON od.id = o.document_id
      WHERE k.name = ${collection}
      ORDER BY copy`);
    return rows.map((row) => `${row.copy} → ${row.original}`);
  };

  beforeAll(async () => {
    app = await createTestApp(runtime);
    for (const name of ['bulk', 'single', 'live']) await createCollection(app.deps, { tenantId: tenantId(), name, chunkSize: 32, chunkOverlap: 0 });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('links copies within the load while the vector index is suspended, as one-by-one ingest links them', async () => {
    const outcome = await bulkLoad(app.deps, { tenantId: tenantId(), collection: 'bulk', documents: LOAD, batchChunks: 3 });
    expect(outcome.rebuiltIndexes).toContain(vectorIndexName('chunks', 384));
    expect(outcome.chunks).toBe(8);
    expect(await linksOf('bulk')).toEqual(LINKS);
    for (const input of LOAD) await ingestDocument(app.deps, { tenantId: tenantId(), collection: 'single', ...input });
    expect(await linksOf('single')).toEqual(LINKS);
  });

  it('links an edited copy of a stored chunk through the live index', async () => {
    await ingestDocument(app.deps, { tenantId: tenantId(), collection: 'live', ...document('stored', [CARE, UNRELATED]) });
    const edited = WARRANTY.replace('manufacturing defects', 'manufacturing faults');
    const outcome = await bulkLoad(app.deps, {
      tenantId: tenantId(),
      collection: 'live',
      documents: [document('x', [CARE.replace('warm water', 'lukewarm water')]), document('y', [WARRANTY]), document('z', [edited, UNRELATED])],
      batchChunks: 2,
    });
    expect(outcome.rebuiltIndexes).toEqual([]);
    // z#0 edits y#0 of an earlier batch (found through the index, now live); z#1 repeats the stored chunk.
    expect(await linksOf('live')).toEqual(['x#0 → stored#0', 'z#0 → y#0', 'z#1 → stored#1']);
  });
});

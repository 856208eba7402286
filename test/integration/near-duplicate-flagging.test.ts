import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/db/client.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { RUNTIMES } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * Chunks are flagged before they are written (ingest probes the index, then inserts each row once with its
 * `duplicate_of`), so copies inside one document are found without the index: these cases have no stored original.
 */
const WARRANTY = 'The warranty covers manufacturing defects for 24 months from the date printed on the original receipt.';
const CARE = 'Clean the filter with warm water once a month and let it dry completely before putting it back in place.';
const UNRELATED = 'Our support line is open on weekdays from eight in the morning until six in the evening, local time.';

describe.each(RUNTIMES)('near-duplicate flagging on %s', (runtime) => {
  let app: TestApp;
  const tenantId = () => app.deps.defaultTenantId;
  const chunksOf = (externalId: string) =>
    selectRows<{ id: string; duplicate_of: string | null }>(app.deps.db, sql`
      SELECT c.id, c.duplicate_of FROM chunks c JOIN documents d ON d.id = c.document_id
      WHERE d.external_id = ${externalId} ORDER BY c.ordinal`);
  const ingest = (externalId: string, paragraphs: string[]) =>
    ingestDocument(app.deps, { tenantId: tenantId(), collection: 'manuals', externalId, content: paragraphs.join('\n\n') });

  beforeAll(async () => {
    app = await createTestApp(runtime);
    await createCollection(app.deps, { tenantId: tenantId(), name: 'manuals', chunkSize: 32, chunkOverlap: 0 });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('links a copy to an earlier chunk of its own document', async () => {
    await ingest('manual', [WARRANTY, CARE, WARRANTY.replace('24 months', '24 months (two years)').replace('(two years)', ''), UNRELATED]);
    const chunks = await chunksOf('manual');
    expect(chunks.map((chunk) => chunk.duplicate_of)).toEqual([null, null, chunks[0]?.id, null]);
  });

  it('never links a re-ingested document to its own previous version', async () => {
    await ingest('manual', [CARE, WARRANTY, UNRELATED]);
    const chunks = await chunksOf('manual');
    expect(chunks.map((chunk) => chunk.duplicate_of)).toEqual([null, null, null]);
    // A second document repeating the first's paragraph links to the stored original.
    await ingest('leaflet', [UNRELATED.replace('weekdays', 'week days')]);
    expect((await chunksOf('leaflet')).map((chunk) => chunk.duplicate_of)).toEqual([chunks[2]?.id]);
  });
});

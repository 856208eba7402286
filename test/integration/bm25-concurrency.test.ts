import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { countInconsistentPostings, readStatistics } from '../../src/db/bm25-stats.js';
import { findDocumentByExternalId } from '../../src/db/documents.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { deleteDocument } from '../../src/ingestion/delete.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { RUNTIMES } from '../support/databases.js';
import { createRandom } from '../../scripts/bench/corpus.js';
import { skewedDocuments } from '../support/skewed-corpus.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const WRITERS = 10;
const OPERATIONS_PER_WRITER = 8;
const SHARED_IDS = 12;

/**
 * Statistics stay exact under concurrent writers: ten writers on their own connections ingest, re-ingest and delete
 * documents of one collection at the same time, partly the same documents; afterwards the maintained N, Σ dl,
 * document frequencies and postings equal a recount from the chunks. Native PostgreSQL only: PGlite has one backend,
 * so its transactions never overlap.
 */
describe.skipIf(!RUNTIMES.includes('postgres'))('BM25 statistics under concurrent writers on postgres', () => {
  let app: TestApp;
  let writers: App;
  let tenantId: string;
  let collectionId: string;
  const collection = 'busy';

  beforeAll(async () => {
    app = await createTestApp('postgres');
    tenantId = app.deps.defaultTenantId;
    collectionId = (await createCollection(app.deps, { tenantId, name: collection, textSearchConfig: 'simple', chunkSize: 128, chunkOverlap: 0 })).id;
    // A second dependency graph on the same database, with a pool big enough for every writer to hold a connection.
    writers = await buildApp(app.deps.config, { logger: pino({ level: 'silent' }), database: { poolSize: WRITERS + 4 } });
  });
  afterAll(async () => {
    await writers?.close();
    await app?.dispose();
  });

  async function writer(index: number): Promise<{ start: number; end: number }[]> {
    const random = createRandom(1_000 + index);
    const texts = skewedDocuments({ count: OPERATIONS_PER_WRITER, seed: 50 + index, lengthScale: 0.5 + random() * 3 });
    const spans: { start: number; end: number }[] = [];
    for (const [step, text] of texts.entries()) {
      const start = performance.now();
      const roll = random();
      const externalId = roll < 0.6 ? `shared-${Math.floor(random() * SHARED_IDS)}` : `own-${index}-${step}`;
      if (roll > 0.85) {
        const existing = await findDocumentByExternalId(writers.deps.db, { tenantId, collectionId, externalId: `shared-${step % SHARED_IDS}` });
        if (existing !== undefined) await deleteDocument(writers.deps, { tenantId, id: existing.id });
      } else {
        await ingestDocument(writers.deps, { tenantId, collection, externalId, content: text.content });
      }
      spans.push({ start, end: performance.now() });
    }
    return spans;
  }

  it('keeps N, Σ dl, document frequencies and postings equal to a recount', async () => {
    const spans = (await Promise.all(Array.from({ length: WRITERS }, (_, index) => writer(index)))).flat();
    // The writers really overlapped: at some instant at least 8 operations were in flight.
    const events = spans.flatMap((span) => [{ at: span.start, delta: 1 }, { at: span.end, delta: -1 }]).sort((left, right) => left.at - right.at || left.delta - right.delta);
    let inFlight = 0;
    let peak = 0;
    for (const event of events) peak = Math.max(peak, (inFlight += event.delta));
    expect(peak).toBeGreaterThanOrEqual(8);

    const maintained = await readStatistics(app.deps.db, { tenantId, collectionId });
    const recount = await readStatistics(app.deps.db, { tenantId, collectionId, recount: true });
    expect(maintained.chunkCount).toBeGreaterThan(10);
    expect(maintained).toEqual(recount);
    expect(await countInconsistentPostings(app.deps.db, { tenantId, collectionId })).toBe(0);
  }, 300_000);
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/db/client.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { collapseDuplicateHits } from '../../src/dedup/near-duplicate-chunks.js';
import { search, type SearchInput } from '../../src/retrieval/search.js';
import { RUNTIMES } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const NOTICE =
  'Refunds are issued to the original payment method within 14 days of the return arriving at our warehouse in Leeds.';
const SHIPPING = 'Orders placed before noon ship the same working day from our warehouse, tracked by courier.';

describe.each(RUNTIMES)('near-duplicate chunks on %s', (runtime) => {
  let app: TestApp;
  const tenantId = () => app.deps.defaultTenantId;
  const chunksOf = (externalId: string) =>
    selectRows<{ id: string; content: string; duplicate_of: string | null }>(app.deps.db, sql`
      SELECT c.id, c.content, c.duplicate_of FROM chunks c JOIN documents d ON d.id = c.document_id
      WHERE d.external_id = ${externalId} ORDER BY c.ordinal`);
  const ingest = (externalId: string, paragraphs: string[]) =>
    ingestDocument(app.deps, { tenantId: tenantId(), collection: 'policies', externalId, content: paragraphs.join('\n\n') });

  beforeAll(async () => {
    app = await createTestApp(runtime);
    await createCollection(app.deps, { tenantId: tenantId(), name: 'policies', chunkSize: 32, chunkOverlap: 0 });
    await ingest('returns', [NOTICE, 'Items must be unused and in their original packaging to qualify for a refund.']);
    // The same notice with one changed detail, next to unrelated text; and a page that repeats a paragraph of its own.
    await ingest('faq', [NOTICE.replace('14 days', '14 calendar days').replace('arriving', 'arriving back'), SHIPPING]);
    await ingest('shipping', [SHIPPING.replace('Orders', 'All orders'), 'Gift cards cannot be exchanged for cash, refunded, moved to another account or used to pay for shipping fees.', SHIPPING]);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('flags chunks near-identical to earlier chunks, and only those', async () => {
    const [original] = await chunksOf('returns');
    const faq = await chunksOf('faq');
    expect(faq.map((chunk) => chunk.duplicate_of)).toEqual([original?.id, null]);
    const shipping = await chunksOf('shipping');
    // Both copies of the shipping paragraph point at the faq's, the first one seen.
    expect(shipping.map((chunk) => chunk.duplicate_of)).toEqual([faq[1]?.id, null, faq[1]?.id]);
    expect((await chunksOf('returns')).every((chunk) => chunk.duplicate_of === null)).toBe(true);
  });

  it('collapses near-identical hits by default and keeps them when asked', async () => {
    const query = 'refund original payment method warehouse';
    const collapsed = await search(app.deps, { tenantId: tenantId(), collection: 'policies', query, limit: 10 });
    const all = await search(app.deps, { tenantId: tenantId(), collection: 'policies', query, limit: 10, collapseDuplicates: false });
    const contents = (hits: { chunkId: string }[]) => Promise.all(hits.map(async (hit) => (await selectRows<{ content: string }>(app.deps.db, sql`SELECT content FROM chunks WHERE id = ${hit.chunkId}`))[0]?.content ?? ''));
    const collapsedContents = await contents(collapsed.hits);
    const allContents = await contents(all.hits);
    expect(allContents.filter((content) => content.startsWith('Refunds are issued'))).toHaveLength(2);
    expect(collapsedContents.filter((content) => content.startsWith('Refunds are issued'))).toHaveLength(1);
    expect(allContents.filter((content) => /orders placed before noon/i.test(content))).toHaveLength(3);
    expect(collapsedContents.filter((content) => /orders placed before noon/i.test(content))).toHaveLength(1);
    expect(collapsed.hits.length).toBe(all.hits.length - 3);
    // The kept hit of each group is the best-ranked one.
    expect(collapsed.hits[0]?.chunkId).toBe(all.hits[0]?.chunkId);
  });

  it('collapses from the duplicate_of the legs read with their hits, in every mode and leg path, without a lookup', async () => {
    const links = await selectRows<{ id: string; duplicate_of: string }>(app.deps.db, sql`SELECT id, duplicate_of FROM chunks WHERE duplicate_of IS NOT NULL`);
    const duplicateOf = new Map(links.map((link) => [link.id, link.duplicate_of]));
    const everyDocument = { externalIds: ['returns', 'faq', 'shipping'] };
    const searches: Omit<SearchInput, 'tenantId' | 'collection'>[] = [
      { query: 'refund original payment method warehouse', mode: 'VECTOR' },
      { query: 'orders ship warehouse courier', mode: 'KEYWORD' },
      // A filter sends the keyword leg down its restricted path (bm25-leg.ts).
      { query: 'orders ship warehouse courier', mode: 'KEYWORD', filter: everyDocument },
      { query: 'refund warehouse "original payment method"', mode: 'HYBRID' },
      { query: 'orders ship warehouse courier', mode: 'HYBRID', filter: everyDocument },
    ];
    for (const input of searches) {
      const request = { tenantId: tenantId(), collection: 'policies', limit: 10, ...input };
      const before = app.statements.length;
      const collapsed = await search(app.deps, request);
      const lookups = app.statements.slice(before).filter((statement) => statement.includes('duplicate_of IS NOT NULL'));
      const all = await search(app.deps, { ...request, collapseDuplicates: false });
      expect(lookups, input.query).toEqual([]);
      expect(all.hits.some((hit) => duplicateOf.has(hit.chunkId)), input.query).toBe(true);
      expect(collapsed.hits.map((hit) => hit.chunkId), input.query).toEqual(collapseDuplicateHits(all.hits, duplicateOf).map((hit) => hit.chunkId));
    }
  });
});

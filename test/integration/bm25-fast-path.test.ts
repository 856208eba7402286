import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInconsistentPostings } from '../../src/db/bm25-stats.js';
import { selectRows } from '../../src/db/client.js';
import { findCollectionByName } from '../../src/db/collections.js';
import type { CollectionRow } from '../../src/db/schema.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { deleteDocument } from '../../src/ingestion/delete.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { bm25Score } from '../../src/retrieval/bm25.js';
import { searchBm25Exact } from '../../src/retrieval/bm25-exact.js';
import { searchBm25Traced, type Bm25Path, type Bm25Tuning } from '../../src/retrieval/bm25-leg.js';
import { planTerms, prunedPass } from '../../src/retrieval/bm25-passes.js';
import { waterLevel } from '../../src/retrieval/bm25-prune.js';
import { bm25Scope } from '../../src/retrieval/bm25-sql.js';
import { NO_FILTER, type ResolvedFilter } from '../../src/retrieval/filter.js';
import { defaultCranfieldDir, loadCranfield } from '../../scripts/eval/cranfield-data.js';
import { RUNTIMES } from '../support/databases.js';
import { skewedDocuments, skewedQueries } from '../support/skewed-corpus.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Default settings, and settings that force the two-pass path on these small corpora. */
/** Default settings; the exact statement inside the large-query transaction; the pruned pass forced onto lists of any length. */
const TUNINGS: Partial<Bm25Tuning>[] = [
  {},
  { largeQuery: 0, fullList: Infinity },
  { fullList: 2, maxReadShare: Infinity, selectiveFilterChunks: 1 },
  { fullList: 20, target: 0.95, maxReadShare: Infinity, selectiveFilterChunks: 1 },
  { fullList: 2, target: 0.05, maxReadShare: Infinity, selectiveFilterChunks: 1 },
];

describe.each(RUNTIMES)('early-terminating BM25 equals exact BM25 on %s', (runtime) => {
  let app: TestApp;
  let tenantId: string;
  const paths: Record<Bm25Path, number> = { pruned: 0, restricted: 0, exact: 0, fallback: 0 };

  beforeAll(async () => {
    app = await createTestApp(runtime);
    tenantId = app.deps.defaultTenantId;
  });
  afterAll(async () => {
    // The comparisons must have exercised the pruned pass, and its proof must never have failed.
    expect(paths.pruned).toBeGreaterThan(20);
    expect(paths.fallback).toBe(0);
    await app?.dispose();
  });

  const collectionRow = async (name: string): Promise<CollectionRow> => {
    const row = await findCollectionByName(app.deps.db, tenantId, name);
    if (row === undefined) throw new Error(`no collection ${name}`);
    return row;
  };

  /** Every tuning, two page depths: same chunk ids in the same order, same scores (bit-identical, checked to 1e-9). */
  async function expectSameAsExact(name: string, queries: readonly string[], filter: ResolvedFilter = NO_FILTER): Promise<void> {
    const collection = await collectionRow(name);
    for (const query of queries) {
      for (const limit of [10, 40]) {
        const exact = await searchBm25Exact(app.deps.db, { collection, queryText: query, limit, filter });
        for (const tuning of TUNINGS) {
          const fast = await searchBm25Traced(app.deps.db, { collection, query, limit, filter, tuning });
          paths[fast.path] += 1;
          expect(fast.hits.map((hit) => hit.chunkId), `${query} (${JSON.stringify(tuning)})`).toEqual(exact.map((hit) => hit.chunkId));
          fast.hits.forEach((hit, index) => expect(Math.abs(hit.score - (exact[index]?.score ?? NaN))).toBeLessThan(1e-9));
        }
      }
    }
  }

  async function ingestAll(collection: string, documents: readonly { externalId: string; content: string; metadata?: unknown }[]) {
    for (const document of documents) await ingestDocument(app.deps, { tenantId, collection, ...document });
  }

  const consistent = async (name: string) =>
    expect(await countInconsistentPostings(app.deps.db, { tenantId, collectionId: (await collectionRow(name)).id })).toBe(0);

  /** The SQL scores against the pure formula of bm25.ts, from the chunks' own tsvectors and the maintained statistics. */
  async function expectFormulaScores(name: string, query: string): Promise<void> {
    const collection = await collectionRow(name);
    const hits = await searchBm25Exact(app.deps.db, { collection, queryText: query, limit: 5, filter: NO_FILTER });
    const pairs = (rows: { term: string; n: number }[]) => new Map(rows.map((row) => [row.term, row.n]));
    const queryTerms = pairs(await selectRows(app.deps.db, sql`
      SELECT lexeme AS term, coalesce(array_length(positions, 1), 1) AS n FROM unnest(to_tsvector(${collection.textSearchConfig}::regconfig, ${query}))`));
    const frequencies = pairs(await selectRows(app.deps.db, sql`SELECT term, df AS n FROM bm25_terms WHERE collection_id = ${collection.id}`));
    const corpus = { chunkCount: collection.chunkCount, averageLength: collection.totalTermCount / collection.chunkCount, documentFrequency: (term: string) => frequencies.get(term) ?? 0 };
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      const [chunk] = await selectRows<{ term_count: number }>(app.deps.db, sql`SELECT term_count FROM chunks WHERE id = ${hit.chunkId}`);
      const terms = pairs(await selectRows(app.deps.db, sql`
        SELECT lexeme AS term, coalesce(array_length(positions, 1), 1) AS n FROM chunks c, unnest(c.tsv) WHERE c.id = ${hit.chunkId}`));
      const expected = bm25Score({ query: queryTerms, chunk: terms, chunkLength: chunk?.term_count ?? 0 }, corpus, { k1: collection.bm25K1, b: collection.bm25B });
      expect(Math.abs(hit.score - expected)).toBeLessThan(1e-9);
    }
  }

  it('on Cranfield abstracts and queries', async () => {
    const { documents, queries } = await loadCranfield(defaultCranfieldDir());
    await createCollection(app.deps, { tenantId, name: 'cranfield', chunkSize: 1024, chunkOverlap: 0 });
    await ingestAll('cranfield', documents.slice(0, 150).filter((document) => document.text.trim() !== '').map((document) => ({ externalId: document.id, content: document.text })));
    await consistent('cranfield');
    const texts = queries.slice(0, 12).map((query) => query.text);
    await expectSameAsExact('cranfield', texts);
    for (const text of texts.slice(0, 3)) await expectFormulaScores('cranfield', text);
  }, 600_000);

  it('on a skewed synthetic corpus, through updates and deletes that move avgdl', async () => {
    await createCollection(app.deps, { tenantId, name: 'skewed', textSearchConfig: 'simple', chunkSize: 4096, chunkOverlap: 0 });
    const documents = skewedDocuments({ count: 220 });
    await ingestAll('skewed', documents);
    const queries = skewedQueries({ count: 16 });
    await expectSameAsExact('skewed', queries);

    // Growth within the drift band: the reference stays frozen while avgdl moves.
    const before = await collectionRow('skewed');
    await ingestAll('skewed', skewedDocuments({ count: 12, seed: 5, lengthScale: 1.6, prefix: 'grown' }));
    const grown = await collectionRow('skewed');
    expect(grown.bm25AvgdlRef).toBe(before.bm25AvgdlRef);
    expect(grown.totalTermCount / grown.chunkCount).not.toBe(before.totalTermCount / before.chunkCount);
    await consistent('skewed');
    await expectSameAsExact('skewed', queries);

    // A large drift re-freezes the reference of this small collection and recomputes every impact.
    await ingestAll('skewed', skewedDocuments({ count: 80, seed: 1, lengthScale: 3 }));
    const drifted = await collectionRow('skewed');
    expect(drifted.bm25AvgdlRef).not.toBe(before.bm25AvgdlRef);
    await consistent('skewed');
    await expectSameAsExact('skewed', queries);

    // Deletes move avgdl back down (f = 1, impacts now overestimate): still exact.
    for (const row of await selectRows<{ id: string }>(app.deps.db, sql`
      SELECT id FROM documents WHERE collection_id = ${drifted.id} AND external_id LIKE 'doc-%' ORDER BY external_id LIMIT 90`)) {
      await deleteDocument(app.deps, { tenantId, id: row.id });
    }
    await consistent('skewed');
    await expectSameAsExact('skewed', queries);
    await expectFormulaScores('skewed', queries[0] ?? '');
  }, 600_000);

  it('computes the water level as the reference does, and reports overflowing caps', async () => {
    const collection = await collectionRow('skewed');
    const scope = bm25Scope(collection);
    for (const query of skewedQueries({ count: 6, seed: 21 })) {
      const plan = await planTerms(app.deps.db, { scope, textSearchConfig: collection.textSearchConfig, queryText: query });
      const deferred = plan.terms.map((term) => term.documentFrequency > 10);
      const pass = await prunedPass(app.deps.db, { scope, filter: NO_FILTER, limit: 10, terms: plan.terms, deferred, caps: deferred.map(() => null), target: 0.5 });
      const bounds = plan.terms.filter((_, index) => deferred[index]).map((term) => term.weight * (plan.factor ?? NaN) * term.maxImpact);
      const expected = waterLevel(bounds, 0.5 * pass.theta);
      if (Number.isFinite(expected)) expect(pass.level).toBeCloseTo(expected, 9);
      else expect(pass.level).toBe(Infinity);
      const capped = await prunedPass(app.deps.db, { scope, filter: NO_FILTER, limit: 10, terms: plan.terms, deferred, caps: deferred.map(() => 0), target: 0 });
      expect(capped.overflow).toBe(deferred.some(Boolean));
    }
  });

  it('when the reference lags far behind the average length (a large collection that never re-freezes)', async () => {
    const { id } = await collectionRow('skewed');
    // Simulate it: halve the reference and recompute the impacts consistently with it (f ≈ 2 at query time).
    await app.deps.db.execute(sql`UPDATE collections SET bm25_avgdl_ref = bm25_avgdl_ref / 2 WHERE id = ${id}`);
    await app.deps.db.execute(sql`
      UPDATE bm25_postings p SET impact = p.tf * (k.bm25_k1 + 1) / (p.tf + k.bm25_k1 * (1 - k.bm25_b + k.bm25_b * p.dl / k.bm25_avgdl_ref))
      FROM collections k WHERE k.id = ${id} AND p.collection_id = ${id}`);
    await consistent('skewed');
    await expectSameAsExact('skewed', skewedQueries({ count: 12, seed: 3 }));
  }, 300_000);

  it('with selective and broad filters', async () => {
    const queries = skewedQueries({ count: 8, seed: 11 });
    await expectSameAsExact('skewed', queries, { documentIds: undefined, metadata: { shard: 3 } });
    await expectSameAsExact('skewed', queries, { documentIds: undefined, metadata: { long: false } });
    const collection = await collectionRow('skewed');
    const broad = await searchBm25Traced(app.deps.db, { collection, query: queries[0] ?? '', limit: 10, filter: { documentIds: undefined, metadata: { long: false } }, tuning: { selectiveFilterChunks: 5 } });
    expect(broad.path).not.toBe('restricted');
    const selective = await searchBm25Traced(app.deps.db, { collection, query: queries[0] ?? '', limit: 10, filter: { documentIds: undefined, metadata: { shard: 3 } } });
    expect(selective.path).toBe('restricted');
  }, 300_000);
});

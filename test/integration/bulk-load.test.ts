import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCorpus } from '../../scripts/bench/corpus.js';
import { countInconsistentPostings, readStatistics } from '../../src/db/bm25-stats.js';
import { selectRows } from '../../src/db/client.js';
import { dropVectorIndex, ensureVectorIndex, vectorIndexName } from '../../src/db/vector-index.js';
import { bulkLoad, type BulkDocument, type BulkLoadProgress } from '../../src/ingestion/bulk-load.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { search, type SearchMode } from '../../src/retrieval/search.js';
import { CORPUS } from '../support/corpus.js';
import { RUNTIMES } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Topical synthetic text (several chunks per document at chunkSize 64) and the hand-written corpus (markdown, HTML). */
function testCorpus(): BulkDocument[] {
  const synthetic = createCorpus({ seed: 7, topics: 8, vocabularySize: 1500, wordsPerTopic: 200 });
  const documents: BulkDocument[] = Array.from({ length: 24 }, (_, index) => {
    const chunk = synthetic.chunk(index);
    return { externalId: chunk.externalId, title: `Synthetic ${index}`, content: chunk.content, metadata: chunk.metadata };
  });
  documents.push(...CORPUS.map((document) => ({ ...document })));
  return documents;
}

async function* stream<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** Dropped for a load into empty tables and rebuilt at its end. */
const SEARCH_INDEXES = [vectorIndexName('chunks', 384), 'chunks_tsv_idx', 'chunks_metadata_idx', 'bm25_postings_collection_id_term_chunk_id_pk'];

const QUERIES = [
  'building an HNSW index after bulk loading',
  'sourdough starter flour',
  'redis caching of search results',
  ...[0, 1, 2, 3, 4].map((index) => createCorpus({ seed: 7, topics: 8, vocabularySize: 1500, wordsPerTopic: 200 }).query(index).text),
];

describe.each(RUNTIMES)('bulk load on %s', (runtime) => {
  let app: TestApp;
  let tenantId: string;
  const corpus = testCorpus();
  const ids = { bulk: '', single: '' };
  const progress: BulkLoadProgress[] = [];

  beforeAll(async () => {
    app = await createTestApp(runtime);
    tenantId = app.deps.defaultTenantId;
    for (const name of ['bulk', 'single'] as const) {
      ids[name] = (await createCollection(app.deps, { tenantId, name, chunkSize: 64, chunkOverlap: 8 })).id;
    }
  });
  afterAll(() => app?.dispose());

  it('drops unused search indexes, loads in several batches and builds the indexes once at the end', async () => {
    const outcome = await bulkLoad(app.deps, {
      tenantId, collection: 'bulk', documents: stream(corpus), batchChunks: 60, onProgress: (event) => progress.push(event),
    });
    expect(outcome).toMatchObject({ created: corpus.length, updated: 0, unchanged: 0, failed: [] });
    expect(outcome.rebuiltIndexes).toEqual(expect.arrayContaining(SEARCH_INDEXES));
    expect(progress.filter((event) => event.phase === 'loading').length).toBeGreaterThan(3);
    expect(progress.filter((event) => event.phase === 'indexing').map((event) => event.index)).toEqual(outcome.rebuiltIndexes);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', documents: corpus.length, chunks: outcome.chunks });
    expect(await existingIndexes()).toEqual(expect.arrayContaining(SEARCH_INDEXES));
  });

  it('writes the same documents, chunks, postings and statistics as one-by-one ingest', async () => {
    for (const document of corpus) await ingestDocument(app.deps, { tenantId, collection: 'single', ...document });
    const [bulk, single] = [await snapshot(ids.bulk), await snapshot(ids.single)];
    expect(bulk.chunks.length).toBeGreaterThan(corpus.length * 2);
    expect(bulk).toEqual(single);
    const maintained = await readStatistics(app.deps.db, { tenantId, collectionId: ids.bulk });
    expect(maintained).toEqual(await readStatistics(app.deps.db, { tenantId, collectionId: ids.bulk, recount: true }));
    expect(maintained).toEqual(await readStatistics(app.deps.db, { tenantId, collectionId: ids.single }));
    // Impact bounds may rest on a reference length settled per batch instead of per document: each must be consistent.
    expect(await countInconsistentPostings(app.deps.db, { tenantId, collectionId: ids.bulk })).toBe(0);
    expect(await countInconsistentPostings(app.deps.db, { tenantId, collectionId: ids.single })).toBe(0);
  });

  it('returns the same search results as the one-by-one collection in every mode', async () => {
    // Compared on exact vector scans: both collections share one approximate index, whose graph walk may differ.
    // HYBRID is compared with relative-score fusion: RRF turns equal BM25 scores into different ranks by chunk id.
    await dropVectorIndex(app.deps.db, 384);
    try {
      for (const mode of ['KEYWORD', 'VECTOR', 'HYBRID'] as const) {
        for (const query of QUERIES) {
          const [bulk, single] = [await rankedHits('bulk', query, mode), await rankedHits('single', query, mode)];
          expect(bulk.length, `${mode} "${query}"`).toBeGreaterThan(0);
          expect(bulk, `${mode} "${query}"`).toEqual(single);
        }
      }
    } finally {
      await ensureVectorIndex(app.deps.db, 384);
    }
  });

  it('keeps the live index when other vectors exist, and applies ingest rules to known and repeated ids', async () => {
    const changed = { ...corpus[1], externalId: corpus[1]?.externalId ?? '', content: 'Entirely new text about zeppelins over the lake.' };
    const reload: BulkDocument[] = [
      corpus[0] as BulkDocument,
      changed,
      { externalId: 'new-one', content: 'A fresh document about gliders and thermals.' },
      { externalId: 'new-one', content: 'A fresh document about gliders, thermals and ridge lift.' },
      { externalId: 'empty', content: '   ' },
    ];
    const outcome = await bulkLoad(app.deps, { tenantId, collection: 'bulk', documents: reload });
    expect(outcome).toMatchObject({ created: 1, updated: 2, unchanged: 1, rebuiltIndexes: [] });
    expect(outcome.failed).toEqual([{ externalId: 'empty', code: 'BAD_USER_INPUT', message: expect.any(String) }]);
    expect(await existingIndexes()).toEqual(expect.arrayContaining(SEARCH_INDEXES));
    const maintained = await readStatistics(app.deps.db, { tenantId, collectionId: ids.bulk });
    expect(maintained).toEqual(await readStatistics(app.deps.db, { tenantId, collectionId: ids.bulk, recount: true }));
    expect(await countInconsistentPostings(app.deps.db, { tenantId, collectionId: ids.bulk })).toBe(0);
    expect(maintained.documentFrequencies['zeppelin']).toBe(1);
    expect(maintained.documentFrequencies['ridg']).toBe(1);
    const [latest] = await selectRows<{ content: string }>(app.deps.db, sql`
      SELECT c.content FROM chunks c JOIN documents d ON d.id = c.document_id
      WHERE d.collection_id = ${ids.bulk} AND d.external_id = 'new-one'`);
    expect(latest?.content).toContain('ridge lift');
  });

  async function existingIndexes(): Promise<string[]> {
    const rows = await selectRows<{ indexname: string }>(app.deps.db, sql`
      SELECT indexname FROM pg_indexes WHERE tablename IN ('chunks', 'bm25_postings')`);
    return rows.map((row) => row.indexname);
  }

  /** Everything a collection holds, keyed by external id and ordinal instead of generated ids. */
  async function snapshot(collectionId: string) {
    const documents = await selectRows(app.deps.db, sql`
      SELECT external_id, title, source, mime_type, content_hash, metadata, status, char_count
      FROM documents WHERE collection_id = ${collectionId} ORDER BY external_id`);
    const chunks = await selectRows(app.deps.db, sql`
      SELECT d.external_id, c.ordinal, c.content, c.content_hash, c.token_count, c.char_start, c.char_end, c.heading_path,
             c.page, c.metadata, c.text_search_config::text, c.index_text, c.tsv::text, c.term_count, c.embedding_dimension,
             c.embedding::text
      FROM chunks c JOIN documents d ON d.id = c.document_id
      WHERE c.collection_id = ${collectionId} ORDER BY d.external_id, c.ordinal`);
    const postings = await selectRows(app.deps.db, sql`
      SELECT d.external_id, c.ordinal, p.term, p.tf, p.dl
      FROM bm25_postings p JOIN chunks c ON c.id = p.chunk_id JOIN documents d ON d.id = c.document_id
      WHERE p.collection_id = ${collectionId} ORDER BY d.external_id, c.ordinal, p.term`);
    const terms = await selectRows(app.deps.db, sql`
      SELECT term, df FROM bm25_terms WHERE collection_id = ${collectionId} ORDER BY term`);
    const totals = await selectRows(app.deps.db, sql`
      SELECT chunk_count::int, total_term_count::int FROM collections WHERE id = ${collectionId}`);
    return { documents, chunks, postings, terms, totals };
  }

  /** Hits as "externalId#ordinal score"; ties are put in key order, since tie-breaks use generated chunk ids. */
  async function rankedHits(collection: string, query: string, mode: SearchMode): Promise<string[]> {
    const { hits } = await search(app.deps, { tenantId, collection, query, mode, fusion: 'RELATIVE_SCORE', limit: 10 });
    if (hits.length === 0) return [];
    const rows = await selectRows<{ id: string; key: string }>(app.deps.db, sql`
      SELECT c.id, d.external_id || '#' || c.ordinal AS key FROM chunks c JOIN documents d ON d.id = c.document_id
      WHERE c.id = ANY(${sql.param(hits.map((hit) => hit.chunkId))}::uuid[])`);
    const keyOf = new Map(rows.map((row) => [row.id, row.key]));
    return hits
      .map((hit) => ({ key: keyOf.get(hit.chunkId) ?? '?', score: hit.score.toFixed(9) }))
      .sort((left, right) => Number(right.score) - Number(left.score) || left.key.localeCompare(right.key))
      .map((hit) => `${hit.key} ${hit.score}`);
  }
});

describe.each(RUNTIMES)('bulk load failing mid-way on %s', (runtime) => {
  let app: TestApp;
  afterAll(() => app?.dispose());

  it('keeps the committed batches with exact statistics and rebuilds the suspended indexes', async () => {
    app = await createTestApp(runtime);
    const tenantId = app.deps.defaultTenantId;
    const { id: collectionId } = await createCollection(app.deps, { tenantId, name: 'partial', chunkSize: 64, chunkOverlap: 8 });
    await app.deps.db.execute(sql.raw(`
      CREATE FUNCTION reject_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.content LIKE '%POISON%' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`));
    await app.deps.db.execute(sql.raw('CREATE TRIGGER reject_poison BEFORE INSERT ON chunks FOR EACH ROW EXECUTE FUNCTION reject_poison()'));
    const documents = testCorpus().slice(0, 12);
    documents.splice(8, 0, { externalId: 'poisoned', content: 'This document carries the POISON marker.' });
    await expect(bulkLoad(app.deps, { tenantId, collection: 'partial', documents, batchChunks: 30 })).rejects.toThrow();
    const [loaded] = await selectRows<{ count: number }>(app.deps.db, sql`SELECT count(*)::int AS count FROM documents WHERE collection_id = ${collectionId}`);
    expect(loaded?.count).toBeGreaterThan(0);
    expect(loaded?.count).toBeLessThan(8);
    const maintained = await readStatistics(app.deps.db, { tenantId, collectionId });
    expect(maintained).toEqual(await readStatistics(app.deps.db, { tenantId, collectionId, recount: true }));
    expect(await countInconsistentPostings(app.deps.db, { tenantId, collectionId })).toBe(0);
    const indexes = await selectRows<{ indexname: string }>(app.deps.db, sql`SELECT indexname FROM pg_indexes WHERE tablename IN ('chunks', 'bm25_postings')`);
    expect(indexes.map((row) => row.indexname)).toEqual(expect.arrayContaining(SEARCH_INDEXES));
  });
});

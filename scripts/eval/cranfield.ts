import { sql } from 'drizzle-orm';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { selectRows } from '../../src/db/client.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { search, type FusionMethod, type SearchMode } from '../../src/retrieval/search.js';
import { defaultCranfieldDir, loadCranfield } from './cranfield-data.js';
import { printTable } from './report.js';
import { runCranfieldEval, type EvalMode } from './run-cranfield.js';

/**
 * `npm run eval`: Cranfield (1,400 abstracts, 225 queries) through ragway's own services on a fresh collection.
 * Embedded runtime in memory unless DATABASE_URL is set. A `ts_rank` row is the baseline BM25 must beat.
 */
const config = loadConfig({ ...process.env, RAGWAY_DATA_DIR: process.env['RAGWAY_DATA_DIR'] ?? 'memory://', LOG_LEVEL: 'warn' });
const app = await buildApp(config, { logger: pino({ level: 'warn' }) });
const { deps } = app;
const tenantId = deps.defaultTenantId;
const collectionName = `cranfield-${Date.now()}`;
const collection = await createCollection(deps, { tenantId, name: collectionName, textSearchConfig: 'english' });

async function toDocumentIds(chunkIds: string[]): Promise<string[]> {
  if (chunkIds.length === 0) return [];
  const rows = await selectRows<{ id: string; external_id: string }>(deps.db, sql`
    SELECT c.id, d.external_id FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.tenant_id = ${tenantId} AND c.id = ANY(${sql.param(chunkIds)}::uuid[])`);
  const byChunk = new Map(rows.map((row) => [row.id, row.external_id]));
  return chunkIds.map((id) => byChunk.get(id) ?? '');
}

const ragwayMode = (name: string, mode: SearchMode, fusion: FusionMethod = 'RRF'): EvalMode => ({
  name,
  search: async (query, limit) => {
    const { hits } = await search(deps, { tenantId, collection: collectionName, query, mode, fusion, limit });
    return toDocumentIds(hits.map((hit) => hit.chunkId));
  },
});

const tsRankBaseline: EvalMode = {
  name: 'ts_rank (baseline, not BM25)',
  search: async (query, limit) => {
    const rows = await selectRows<{ external_id: string }>(deps.db, sql`
      WITH q AS (SELECT replace(plainto_tsquery('english', ${query})::text, ' & ', ' | ')::tsquery AS q)
      SELECT d.external_id FROM chunks c JOIN documents d ON d.id = c.document_id, q
      WHERE c.collection_id = ${collection.id} AND c.tsv @@ q.q
      ORDER BY ts_rank(c.tsv, q.q) DESC, c.id LIMIT ${limit}`);
    return rows.map((row) => row.external_id);
  },
};

/**
 * `explain` sanity check: for a few queries in each HYBRID fusion, every hit's fused score must equal the sum of its
 * legs' contributions, and each contribution must follow from the leg's rank (RRF: 1/(60 + rank)) or normalised
 * score (relative: weight × normalised). Throws on the first violation, so `npm run eval` fails loudly.
 */
async function checkExplanations(queries: readonly string[]): Promise<number> {
  let checked = 0;
  for (const query of queries) {
    for (const fusion of ['RRF', 'RELATIVE_SCORE'] as const) {
      const alpha = 0.3;
      const { hits } = await search(deps, { tenantId, collection: collectionName, query, mode: 'HYBRID', fusion, alpha, limit: 20 });
      for (const hit of hits) {
        const { bm25, vector } = hit.contributions;
        const expected = (leg: 'bm25' | 'vector', rank: number | undefined) =>
          rank === undefined ? undefined : fusion === 'RRF' ? 1 / (60 + rank) : (leg === 'bm25' ? 1 - alpha : alpha) * (hit.normalised[leg] ?? NaN);
        const close = (left: number | undefined, right: number | undefined) => left === right || Math.abs((left ?? NaN) - (right ?? NaN)) <= 1e-12;
        const problems = [
          !close(hit.score, (bm25 ?? 0) + (vector ?? 0)) && 'score ≠ Σ contributions',
          !close(bm25, expected('bm25', hit.bm25Rank)) && 'bm25 contribution',
          !close(vector, expected('vector', hit.vectorRank)) && 'vector contribution',
        ].filter(Boolean);
        if (problems.length > 0) throw new Error(`explain check failed (${fusion}, "${query}", chunk ${hit.chunkId}): ${problems.join(', ')}`);
        checked += 1;
      }
    }
  }
  return checked;
}

try {
  let ingested = 0;
  const results = await runCranfieldEval({
    dir: process.env['CRANFIELD_DIR'] ?? defaultCranfieldDir(),
    ingest: async (documents) => {
      for (const document of documents) {
        // Two Cranfield records (471, 995) have neither title nor abstract; ragway rightly refuses empty documents.
        if (document.text.trim() === '') continue;
        await ingestDocument(deps, { tenantId, collection: collectionName, externalId: document.id, title: null, content: document.text });
        if (++ingested % 200 === 0) process.stderr.write(`\ringested ${ingested}/${documents.length}`);
      }
      process.stderr.write('\n');
    },
    modes: [
      ragwayMode('KEYWORD (BM25)', 'KEYWORD'),
      ragwayMode('VECTOR', 'VECTOR'),
      ragwayMode('HYBRID (RRF)', 'HYBRID', 'RRF'),
      ragwayMode('HYBRID (relative score)', 'HYBRID', 'RELATIVE_SCORE'),
      tsRankBaseline,
    ],
    onProgress: (progress) => {
      if (progress.phase === 'search' && progress.done === progress.total) process.stderr.write(`${progress.mode}: ${progress.total} queries\n`);
    },
  });
  printTable(
    results.map((result) => ({
      mode: result.name,
      'nDCG@10': result.ndcg10,
      MAP: result.map,
      'recall@100': result.recall100,
      queries: result.queries,
      'p50 ms': result.p50Ms,
    })),
    `Cranfield (${config.database.kind} runtime, embeddings ${deps.embedder.model})`,
  );
  const { queries } = await loadCranfield(process.env['CRANFIELD_DIR'] ?? defaultCranfieldDir());
  const checked = await checkExplanations(queries.slice(0, 10).map((query) => query.text));
  process.stdout.write(`explain check: ${checked} HYBRID hits (RRF and relative score), fused score = Σ leg contributions\n`);
} finally {
  await app.close();
}

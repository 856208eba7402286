import { sql } from 'drizzle-orm';
import { selectRows } from '../../src/db/client.js';
import { findCollectionByName } from '../../src/db/collections.js';
import type { ResolvedFilter } from '../../src/retrieval/filter.js';
import { scanVector } from '../../src/retrieval/vector-leg.js';
import { createCorpus } from './corpus.js';
import { openRagway } from './ragway.js';
import { percentile } from './series.js';

/**
 * `tsx scripts/bench/vector-filter-crossover.ts <database url> [queries]`: the measurement behind the vector leg's
 * exact-scan threshold (`exactScanMaxRows`, src/retrieval/vector-leg.ts). On a loaded bench database (`npm run
 * bench -- --keep`, collection `synthetic`), filters matching 250 … 16,000 random documents and the bench's 1 %
 * `bucket` filter each run the leg both ways — exact ranking of the matching rows, and the statement left to the
 * planner (the HNSW walk or a bitmap scan plus sort, by its own row estimate) — and print the median wall time of
 * each. Read-only.
 */
const [url, queryArgument] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: vector-filter-crossover.ts <database url> [queries]');
const queries = Number(queryArgument ?? 15);
const side = await openRagway(url, { redisUrl: undefined, poolSize: 4 });
try {
  const { db } = side.app.deps;
  const collection = await findCollectionByName(db, side.tenantId, 'synthetic');
  if (collection === undefined) throw new Error('no collection "synthetic": load one with npm run bench -- --keep');
  const sizes = [250, 500, 1000, 2000, 4000, 8000, 16000];
  const documents = await selectRows<{ document_id: string }>(db, sql`
    SELECT document_id FROM chunks WHERE collection_id = ${collection.id} ORDER BY random() LIMIT ${Math.max(...sizes)}`);
  const documentIds = documents.map((row) => row.document_id);
  const filters: [string, ResolvedFilter][] = [
    ...sizes.map((size): [string, ResolvedFilter] => [`${size} documents`, { documentIds: documentIds.slice(0, size), metadata: undefined }]),
    ['bucket (1 %)', { documentIds: undefined, metadata: { bucket: 7 } }],
  ];
  const corpus = createCorpus({ seed: 1 });
  console.log(`${collection.chunkCount} chunks; K = 40; medians over ${queries} queries`);
  for (const [label, filter] of filters) {
    const times = { exact: [] as number[], index: [] as number[] };
    for (let index = 0; index < queries; index += 1) {
      const embedding = await side.app.deps.embedder.embedQuery(corpus.query(index).text);
      // A threshold above any count forces the exact ranking; 0 leaves the plan to the planner (the fallback may still run).
      for (const [scan, threshold] of [['exact', Number.MAX_SAFE_INTEGER], ['index', 0]] as const) {
        const started = performance.now();
        await scanVector(db, { collection, embedding, limit: 40, filter, exactScanMaxRows: threshold });
        times[scan].push(performance.now() - started);
      }
    }
    console.log(`${label.padEnd(16)} exact ${percentile(times.exact, 0.5).toFixed(1)} ms, planner's choice ${percentile(times.index, 0.5).toFixed(1)} ms`);
  }
} finally {
  await side.app.close();
}

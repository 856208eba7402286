import { loadCranfield } from '../eval/cranfield-data.js';
import { mean, ndcgAt } from '../eval/metrics.js';
import { withClient } from './databases.js';
import { createRecipe, fillRecipeFromChunks, openRecipePool, recipeQueryText, recipeSearch } from './peer-supabase.js';
import { bulkLoadWithProgress, createBenchCollection, externalIdsOfChunks, openRagway, searchIds } from './ragway.js';

export type CranfieldScores = { ragway: number; recipeAnd: number; recipeOr: number; queries: number };

/**
 * nDCG@10 on Cranfield of the two hybrid systems, in their own database: ragway HYBRID (RRF) as the latency rows
 * call it (limit 10), and the Supabase recipe over a table holding the same chunks and vectors, with the query as
 * typed (websearch syntax: every word required) and OR-joined. Chunk hits map to their document; repeats are dropped.
 */
export async function cranfieldHybridNdcg(url: string, dir: string): Promise<CranfieldScores> {
  const { documents, queries, qrels } = await loadCranfield(dir);
  const side = await openRagway(url, { redisUrl: undefined, poolSize: 4 });
  try {
    const collection = await createBenchCollection(side, 'cranfield');
    const nonEmpty = documents.filter((document) => document.text.trim() !== '');
    await bulkLoadWithProgress(side, {
      collection: 'cranfield',
      documents: (async function* () {
        for (const document of nonEmpty) yield { externalId: document.id, title: null, content: document.text };
      })(),
      total: nonEmpty.length,
      label: 'Cranfield: ragway bulk load',
      maintenanceWorkMemMb: 256,
    });
    await withClient(url, async (client) => {
      await createRecipe(client, side.app.deps.embedder.dimension);
      await fillRecipeFromChunks(client, { collectionId: collection.id, maintenanceWorkMemMb: 256, sourceId: 'd.external_id' });
      await client.query('VACUUM ANALYZE');
    });
    const pool = openRecipePool(url);
    const scores = { ragway: [] as number[], recipeAnd: [] as number[], recipeOr: [] as number[] };
    try {
      for (const query of queries) {
        const gains = qrels.get(query.number);
        if (gains === undefined || gains.size === 0) continue;
        const vector = await side.app.deps.embedder.embedQuery(query.text);
        side.queryVectors.set(query.text, vector);
        const chunkIds = await searchIds(side.uncached, side.tenantId, { collection: 'cranfield', mode: 'HYBRID' }, { query: query.text });
        scores.ragway.push(ndcgAt(unique(await externalIdsOfChunks(side, chunkIds)), gains, 10));
        for (const semantics of ['and', 'or'] as const) {
          const ids = await recipeSearch(pool, { text: recipeQueryText(query.text, semantics), vector });
          (semantics === 'and' ? scores.recipeAnd : scores.recipeOr).push(ndcgAt(unique(ids), gains, 10));
        }
      }
    } finally {
      await pool.end();
    }
    return { ragway: mean(scores.ragway), recipeAnd: mean(scores.recipeAnd), recipeOr: mean(scores.recipeOr), queries: scores.ragway.length };
  } finally {
    await side.app.close();
  }
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => id !== ''))];
}

import { performance } from 'node:perf_hooks';

import { loadCranfield } from './cranfield-data.js';
import type { CranfieldDocument } from './cranfield-data.js';
import { averagePrecision, mean, median, ndcgAt, recallAt, relevantSet } from './metrics.js';

/** One retrieval strategy under test. `search` returns document ids, best first. */
export interface EvalMode {
  name: string;
  search: (query: string, limit: number) => Promise<string[]>;
}

export type EvalProgress =
  | { phase: 'ingest'; documents: number }
  | { phase: 'search'; mode: string; done: number; total: number };

export interface EvalOptions {
  /** Folder holding cran.all.1400, cran.qry and cranqrel. */
  dir: string;
  /** Loads the 1,400 documents into the system under test; called once, before any mode runs. */
  ingest: (documents: CranfieldDocument[]) => Promise<void>;
  modes: EvalMode[];
  /**
   * Results requested per query. MAP and recall@100 are computed over this depth, so keep it ≥ 100.
   * @default 100
   */
  limit?: number;
  onProgress?: (progress: EvalProgress) => void;
}

export interface ModeResult {
  name: string;
  ndcg10: number;
  map: number;
  recall100: number;
  /** Queries scored: those with at least one relevant judgment (all 225 in the shipped qrels). */
  queries: number;
  /** Median wall-clock time of one `search` call, in milliseconds. */
  p50Ms: number;
}

/**
 * Ingests Cranfield once, then runs every query through each mode in turn and scores it against the qrels.
 * Queries run one at a time so the latency figure is not inflated by the harness's own concurrency.
 */
export async function runCranfieldEval({
  dir,
  ingest,
  modes,
  limit = 100,
  onProgress,
}: EvalOptions): Promise<ModeResult[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, got ${limit}`);
  const { documents, queries, qrels } = await loadCranfield(dir);
  onProgress?.({ phase: 'ingest', documents: documents.length });
  await ingest(documents);

  // trec_eval only scores queries that have relevance judgments; do the same.
  const judged = queries.flatMap((query) => {
    const gains = qrels.get(query.number);
    return gains === undefined || gains.size === 0 ? [] : [{ ...query, gains, relevant: relevantSet(gains) }];
  });

  const results: ModeResult[] = [];
  for (const mode of modes) {
    const ndcg: number[] = [];
    const ap: number[] = [];
    const recall: number[] = [];
    const timings: number[] = [];
    for (const [index, query] of judged.entries()) {
      const started = performance.now();
      let hits: string[];
      try {
        hits = await mode.search(query.text, limit);
      } catch (error) {
        throw new Error(`mode ${mode.name}: search for Cranfield query ${query.number} failed`, { cause: error });
      }
      timings.push(performance.now() - started);
      const ranked = dedupeKeepFirst(hits).slice(0, limit);
      ndcg.push(ndcgAt(ranked, query.gains, 10));
      ap.push(averagePrecision(ranked, query.relevant));
      recall.push(recallAt(ranked, query.relevant, 100));
      onProgress?.({ phase: 'search', mode: mode.name, done: index + 1, total: judged.length });
    }
    results.push({
      name: mode.name,
      ndcg10: mean(ndcg),
      map: mean(ap),
      recall100: mean(recall),
      queries: judged.length,
      p50Ms: median(timings),
    });
  }
  return results;
}

/** Chunk-level search can return one document several times; its best (first) rank is the document's rank. */
export function dedupeKeepFirst(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

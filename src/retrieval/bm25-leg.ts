import type { Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { queryTextFor } from '../ingestion/cjk.js';
import { countFilteredChunks, searchBm25Exact, searchBm25Restricted, type Bm25Request } from './bm25-exact.js';
import { cutPass, headPass, MAX_PRUNED_TERMS, type HeadPass } from './bm25-passes.js';
import { isProvenTopK, pruningCuts } from './bm25-prune.js';
import { bm25Scope } from './bm25-sql.js';
import { hasFilter, type ResolvedFilter } from './filter.js';
import type { LegHit } from './fusion.js';

/**
 * The keyword leg: the exact BM25 top-k (formula in bm25.ts) without scoring every chunk that matches a term.
 *
 * Each posting stores an impact bound (db/bm25-impact.ts): f·w_t·impact ≥ the posting's exact contribution, with
 * f = max(1, avgdl/avgdl_ref) and w_t = qw·idf. Postings are indexed per term in impact order, so a term's best
 * postings are a short index-only range scan. A threshold algorithm in two passes, one SQL statement each:
 *
 *  1. head pass — read each term's `depth` best postings (whole lists when that short), sum the contributions seen
 *     per chunk, complete the `probe` best candidates exactly by primary-key lookups of their missing terms.
 *     Their k-th exact score θ is a lower bound of the answer's k-th score. All lists read whole ⇒ done.
 *  2. cut pass — water filling picks a level τ with Σ_t min(U_t, τ) = γ·θ (U_t = f·w_t·max impact_t); each term is
 *     read down to impact τ/(f·w_t). Terms with U_t ≤ τ are not read at all (MaxScore's non-essential terms: the
 *     stop-ish, low-IDF ones). A chunk seen nowhere scores at most R = Σ_t f·w_t·(best unread impact_t) ≤ γ·θ < θ.
 *     A seen chunk is probed only if its partial score plus its unseen terms' bounds can reach θ.
 *     The pass's k-th exact score θ' ≥ θ > R, which proves the result (checked, not assumed: a concurrent write
 *     between the passes or a float corner falls back to the exact path).
 *
 * Cost: pass 1 O(q·depth + probe·q) index probes; pass 2 O(Σ_t |{postings of t with impact ≥ τ/(f·w_t)}|) for the
 * reading plus O(kept candidates × q) probes, versus O(Σ_t df_t) for scoring every match. The gain is large when
 * a few chunks score far above the rest in some terms (skewed IDF, correlated terms), small for flat queries of
 * many similar-weight terms; the worst case is the exact cost plus pass 1. Scores and ranking (score DESC, chunk id)
 * equal `searchBm25Exact` bit for bit (rounded contributions, bm25-sql.ts).
 *
 * Filters: a selective filter (< `selectiveFilterChunks` chunks) scores exactly the filtered chunks by primary-key
 * probes; otherwise the passes keep only candidates that pass the filter, and pass 1 deepens (×4, up to `maxDepth`)
 * until it has k of them.
 */
export type Bm25Tuning = { depth: number; probe: number; target: number; fullList: number; selectiveFilterChunks: number; maxDepth: number };

export const DEFAULT_BM25_TUNING: Bm25Tuning = { depth: 64, probe: 80, target: 0.5, fullList: 4_096, selectiveFilterChunks: 2_000, maxDepth: 4_096 };

export type Bm25Path = 'head' | 'cut' | 'restricted' | 'exact' | 'fallback';

export async function searchBm25(
  db: Database,
  { collection, query, limit, filter, tuning }: { collection: CollectionRow; query: string; limit: number; filter: ResolvedFilter; tuning?: Partial<Bm25Tuning> },
): Promise<LegHit[]> {
  return (await searchBm25Traced(db, { collection, query, limit, filter, tuning })).hits;
}

/** `searchBm25` that also reports which path answered (tests and benchmarks use it). */
export async function searchBm25Traced(
  db: Database,
  { collection, query, limit, filter, tuning = {} }: { collection: CollectionRow; query: string; limit: number; filter: ResolvedFilter; tuning?: Partial<Bm25Tuning> },
): Promise<{ hits: LegHit[]; path: Bm25Path }> {
  const settings = { ...DEFAULT_BM25_TUNING, ...tuning };
  const request: Bm25Request = { collection, queryText: queryTextFor(collection.tokenizer, query), limit, filter };
  if (hasFilter(filter)) {
    const filtered = await countFilteredChunks(db, { collection, filter, cap: settings.selectiveFilterChunks });
    if (filtered < settings.selectiveFilterChunks) return { hits: await searchBm25Restricted(db, request), path: 'restricted' };
  }
  const head = await deepeningHeadPass(db, request, settings);
  if (head.terms.length > MAX_PRUNED_TERMS || head.factor === null || !Number.isFinite(head.factor)) {
    return { hits: await searchBm25Exact(db, request), path: 'exact' };
  }
  if (head.terms.every((term) => term.cut === 0)) return { hits: head.hits, path: 'head' };
  const theta = head.hits.length >= limit ? (head.hits[limit - 1]?.score ?? 0) : 0;
  const cuts = pruningCuts(head.terms, { factor: head.factor, target: settings.target * theta, fullList: settings.fullList });
  const pass = await cutPass(db, { scope: bm25Scope(collection), filter, limit, terms: head.terms, cuts, theta });
  if (isProvenTopK(pass.hits, { limit, bound: pass.bound, theta })) return { hits: pass.hits, path: 'cut' };
  return { hits: await searchBm25Exact(db, request), path: 'fallback' };
}

async function deepeningHeadPass(db: Database, { collection, queryText, limit, filter }: Bm25Request, settings: Bm25Tuning): Promise<HeadPass> {
  const scope = bm25Scope(collection);
  let depth = Math.max(settings.depth, limit);
  for (;;) {
    const pass = await headPass(db, {
      scope,
      filter,
      limit,
      textSearchConfig: collection.textSearchConfig,
      queryText,
      depth,
      probe: Math.max(settings.probe, limit),
      fullList: settings.fullList,
    });
    const starved = hasFilter(filter) && pass.hits.length < limit && pass.terms.some((term) => term.cut !== 0);
    if (!starved || depth >= settings.maxDepth) return pass;
    depth *= 4;
  }
}

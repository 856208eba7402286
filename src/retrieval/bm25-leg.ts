import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { queryTextFor } from '../text/cjk.js';
import { countFilteredChunks, searchBm25Exact, searchBm25Restricted, type Bm25Request } from './bm25-exact.js';
import { MAX_PRUNED_TERMS, planTerms, prunedPass } from './bm25-passes.js';
import { deferredTerms, isProvenTopK, readCaps } from './bm25-prune.js';
import { bm25Scope } from './bm25-sql.js';
import { hasFilter, type ResolvedFilter } from './filter.js';
import type { LegHit } from './fusion.js';

/**
 * The keyword leg: the exact BM25 top-k (formula in bm25.ts) without scoring every chunk that matches a term.
 *
 * Each posting stores an impact bound (db/bm25-impact.ts): f·w_t·impact ≥ the posting's exact contribution, with
 * f = max(1, avgdl/avgdl_ref) and w_t = qw·idf; postings are indexed per term in impact order. MaxScore with a
 * threshold-algorithm tail, in two statements:
 *
 *  1. plan — df, weight and best impact of each query term. Lists longer than `longList` (max(fullList, N/20)) are
 *     deferred: the common, low-IDF words, whose lists are long and whose contributions are small. No deferred
 *     list ⇒ scoring every match is cheapest, and the exact statement answers.
 *  2. pruned pass — read the other lists whole; their k-th best partial score θ bounds the final k-th score from
 *     below. Water filling picks τ with Σ_deferred min(U_t, τ) = γ·θ (U_t = f·w_t·max impact): a deferred term
 *     with U_t ≤ τ is not read at all, the others only down to impact τ/(f·w_t). A chunk seen in no list scores at
 *     most R = Σ_t f·w_t·(best unread impact_t) ≤ γ·θ < θ. A seen chunk is completed by primary-key probes of its
 *     unseen deferred terms only if its partial score plus their bounds reaches max(θ, k-th partial). The k-th
 *     exact score then beats R, which proves the result — checked, not assumed: a failed check runs the exact path.
 *
 * Cost: O(Σ df of the lists read whole + postings of deferred lists above their cut + probes × deferred terms),
 * versus O(Σ_t df_t) for scoring every match: queries with common words skip most of their postings. The deferred
 * lists may use at most `maxReadShare` of Σ df together (readCaps); beyond it the exact statement runs, so the worst
 * case is about (1 + maxReadShare) × exact. Queries of similar-weight terms (no deferred list) cost exactly the exact
 * path: impact-ordered reading cannot prove a top-k there without reading nearly everything (measured). Large
 * queries run in one read-only repeatable-read transaction (one snapshot for both statements) with a larger
 * work_mem, so aggregating many candidates does not spill to disk. Scores and ranking (score DESC, chunk id) equal
 * `searchBm25Exact` bit for bit (rounded contributions, bm25-sql.ts).
 *
 * Filters: a selective filter (< `selectiveFilterChunks` chunks) scores exactly the filtered chunks by primary-key
 * probes; otherwise the pruned pass keeps only candidates that pass the filter (θ is taken among them).
 */
export type Bm25Tuning = {
  /** Lists with at most this many postings are never deferred. */
  fullList: number;
  /** γ: the share of θ the unread postings of deferred lists may add up to. */
  target: number;
  /** The deferred lists may read at most this share of Σ df (else the exact statement is cheaper). */
  maxReadShare: number;
  /** Σ df above which the leg runs in a transaction with `workMem`. */
  largeQuery: number;
  workMem: string;
  selectiveFilterChunks: number;
};

export const DEFAULT_BM25_TUNING: Bm25Tuning = {
  fullList: 4_096,
  target: 0.5,
  maxReadShare: 0.6,
  largeQuery: 40_000,
  workMem: '64MB',
  selectiveFilterChunks: 2_000,
};

export type Bm25Path = 'exact' | 'pruned' | 'restricted' | 'fallback';

type LegInput = { collection: CollectionRow; query: string; limit: number; filter: ResolvedFilter; tuning?: Partial<Bm25Tuning> };

export async function searchBm25(db: Database, input: LegInput): Promise<LegHit[]> {
  return (await searchBm25Traced(db, input)).hits;
}

/** `searchBm25` that also reports which path answered (tests and benchmarks use it). */
export async function searchBm25Traced(db: Database, { collection, query, limit, filter, tuning = {} }: LegInput): Promise<{ hits: LegHit[]; path: Bm25Path }> {
  const settings = { ...DEFAULT_BM25_TUNING, ...tuning };
  const request: Bm25Request = { collection, queryText: queryTextFor(collection.tokenizer, query), limit, filter };
  if (hasFilter(filter)) {
    const filtered = await countFilteredChunks(db, { collection, filter, cap: settings.selectiveFilterChunks });
    if (filtered < settings.selectiveFilterChunks) return { hits: await searchBm25Restricted(db, request), path: 'restricted' };
  }
  const scope = bm25Scope(collection);
  const plan = await planTerms(db, { scope, textSearchConfig: collection.textSearchConfig, queryText: request.queryText });
  const total = plan.terms.reduce((sum, term) => sum + term.documentFrequency, 0);
  const deferred = deferredTerms(plan.terms, { longList: Math.max(settings.fullList, plan.chunkCount / 20) });
  const caps = readCaps(plan.terms, { deferred, maxReadShare: settings.maxReadShare });
  const prunable = caps !== null && plan.terms.length <= MAX_PRUNED_TERMS && plan.factor !== null && Number.isFinite(plan.factor);
  if (!prunable && total <= settings.largeQuery) return { hits: await searchBm25Exact(db, request), path: 'exact' };
  return withWorkMem(db, settings.workMem, async (transaction) => {
    if (!prunable) return { hits: await searchBm25Exact(transaction, request), path: 'exact' };
    const pass = await prunedPass(transaction, { scope, filter, limit, terms: plan.terms, deferred, caps, target: settings.target });
    if (!pass.overflow && isProvenTopK(pass.hits, { limit, bound: pass.bound, theta: pass.threshold })) return { hits: pass.hits, path: 'pruned' };
    return { hits: await searchBm25Exact(transaction, request), path: pass.overflow ? 'exact' : 'fallback' };
  });
}

/** Runs `action` in a read-only repeatable-read transaction whose statements may use `workMem` for hashing. */
async function withWorkMem<T>(db: Database, workMem: string, action: (transaction: Database) => Promise<T>): Promise<T> {
  return db.transaction(
    async (transaction) => {
      await transaction.execute(sql`SELECT set_config('work_mem', ${workMem}, true)`);
      return action(transaction);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

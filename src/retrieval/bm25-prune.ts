/**
 * Pure pruning arithmetic of the early-terminating BM25 leg (bm25-leg.ts). Scores and bounds are in "contribution
 * space": a term t whose unread postings all have impact < cut_t contributes less than w_t · f · cut_t to any chunk
 * not yet seen in it (f = max(1, avgdl/avgdl_ref), see db/bm25-impact.ts).
 */
export type TermHead = {
  term: string;
  qtf: number;
  /** qw · idf. */
  weight: number;
  /** The term's best posting impact (+∞ for postings written before impacts existed). */
  maxImpact: number;
  documentFrequency: number;
};

/** Relative and absolute slack for comparisons against bounds: covers float rounding and the 2^-36 score grid. */
export const BOUND_SLACK = 1e-9;

export function inflate(bound: number): number {
  return bound * (1 + BOUND_SLACK) + BOUND_SLACK;
}

/**
 * The largest level τ ≥ 0 with Σ min(U_i, τ) ≤ target ("water filling"): reading every term's postings whose
 * contribution bound is ≥ τ leaves at most `target` for all unread ones together. +∞ when Σ U_i ≤ target.
 * The pruned pass computes the same level in SQL (bm25-passes.ts); this is its reference, and tests compare them.
 */
export function waterLevel(bounds: readonly number[], target: number): number {
  if (!(target > 0)) return 0;
  const sorted = [...bounds].sort((left, right) => left - right);
  let below = 0;
  for (const [index, bound] of sorted.entries()) {
    const level = (target - below) / (sorted.length - index);
    if (level <= bound) return level;
    below += bound;
  }
  return Infinity;
}

/**
 * Whether a pass's top-k is the exact top-k. `bound` caps the score of every chunk the pass did not see; `theta`
 * is the score below which the pass discarded seen candidates without probing them. The k-th score must beat both,
 * strictly against `bound`, since an unseen chunk tied with it could precede it in chunk-id order.
 */
export function isProvenTopK(
  hits: readonly { score: number }[],
  { limit, bound, theta }: { limit: number; bound: number; theta: number },
): boolean {
  if (hits.length < limit) return bound === 0 && theta === 0;
  const kth = hits[limit - 1]?.score ?? -Infinity;
  return kth >= theta && kth > inflate(bound);
}

/**
 * The terms the pruned pass defers (MaxScore's non-essential candidates): lists longer than `longList` postings.
 * Every other list is read whole, which costs what scoring every match would cost for it; a deferred list is read
 * only down to the level water filling sets, or not at all. Long lists are the common, low-IDF words.
 */
export function deferredTerms(terms: readonly TermHead[], { longList }: { longList: number }): boolean[] {
  return terms.map((term) => term.documentFrequency > longList);
}

/**
 * Reading caps of the deferred lists, or null when deferring cannot pay: the pruned pass may read at most
 * `maxReadShare` of Σ df (what scoring every match reads). The lists read whole use their df; the deferred ones share
 * the rest in proportion to their length (null: no cap).
 */
export function readCaps(terms: readonly TermHead[], { deferred, maxReadShare }: { deferred: readonly boolean[]; maxReadShare: number }): (number | null)[] | null {
  const total = terms.reduce((sum, term) => sum + term.documentFrequency, 0);
  const whole = terms.reduce((sum, term, index) => (deferred[index] ? sum : sum + term.documentFrequency), 0);
  const deferredTotal = total - whole;
  const budget = maxReadShare * total - whole;
  if (deferredTotal === 0 || budget <= 0) return null;
  const cap = (term: TermHead) => Math.floor((budget * term.documentFrequency) / deferredTotal);
  return terms.map((term, index) => (deferred[index] && Number.isFinite(cap(term)) ? cap(term) : null));
}

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
 * Per-term impact cuts for the second pass: read postings with impact ≥ cut. Lists of at most `fullList` postings
 * are read whole (cut 0: a sequential read is cheaper than probing them, and leaves nothing unread). The others
 * share the target by water filling: a term whose whole list is worth less than τ is not read at all (MaxScore's
 * non-essential terms: +∞), the rest down to impact τ/(w·f); τ = 0 reads everything.
 */
export function pruningCuts(
  terms: readonly TermHead[],
  { factor, target, fullList }: { factor: number; target: number; fullList: number },
): number[] {
  const long = (term: TermHead) => term.documentFrequency > fullList;
  const level = waterLevel(terms.filter(long).map((term) => term.weight * factor * term.maxImpact), target);
  return terms.map((term) => {
    if (!long(term)) return 0;
    return term.weight * factor * term.maxImpact <= level ? Infinity : level / (term.weight * factor);
  });
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

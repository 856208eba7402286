/**
 * Ranking metrics, computed the way trec_eval does so numbers compare with published Cranfield runs.
 *
 * Conventions shared by every function here:
 * - `ranked` is one query's result list, best first, each document at most once (the caller dedupes chunk hits;
 *   a repeated id would be counted twice).
 * - Unjudged documents count as non-relevant, as in trec_eval.
 * - A query with nothing relevant scores 0 rather than NaN, so one empty judgment list cannot poison a mean.
 */

/**
 * Normalised discounted cumulative gain at cut-off `k`, with linear (graded) gains as trec_eval's `ndcg_cut`:
 *
 *   DCG@k  = Σ_{i=1..k} gain(ranked_i) / log2(i + 1)        (rank i counts from 1, so rank 1 is undiscounted)
 *   IDCG@k = the same sum over all judged gains sorted descending (not just the retrieved ones, so a system is
 *            penalised for relevant documents it never returned)
 *   nDCG@k = DCG@k / IDCG@k, or 0 when IDCG@k = 0.
 */
export function ndcgAt(ranked: readonly string[], gains: ReadonlyMap<string, number>, k: number): number {
  const ideal = [...gains.values()].filter((gain) => gain > 0).sort((a, b) => b - a);
  const idealDcg = discountedSum(ideal, k);
  if (idealDcg === 0) return 0;
  return discountedSum(ranked.map((id) => gains.get(id) ?? 0), k) / idealDcg;
}

function discountedSum(gains: readonly number[], k: number): number {
  let sum = 0;
  gains.slice(0, k).forEach((gain, index) => {
    sum += gain / Math.log2(index + 2); // index 0 is rank 1 → log2(2) = 1
  });
  return sum;
}

/**
 * Average precision (trec_eval `map` for one query):
 *
 *   AP = (1 / R) · Σ_{i : ranked_i relevant} precision@i,   precision@i = (relevant among the first i) / i
 *
 * R is the number of relevant documents for the query, retrieved or not, so missing ones pull AP down. AP is
 * computed over whatever depth `ranked` has (trec_eval defaults to 1,000; the Cranfield runner passes 100).
 */
export function averagePrecision(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let precisionSum = 0;
  ranked.forEach((id, index) => {
    if (!relevant.has(id)) return;
    hits += 1;
    precisionSum += hits / (index + 1);
  });
  return precisionSum / relevant.size;
}

/** Recall at cut-off `k`: |relevant ∩ first k of ranked| / |relevant| (trec_eval `recall_k`). */
export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

/** Arithmetic mean; NaN for an empty list, because "no queries" is not a score of 0. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** The binary relevant set behind AP and recall: every judged document with gain > 0. */
export function relevantSet(gains: ReadonlyMap<string, number>): Set<string> {
  return new Set([...gains].filter(([, gain]) => gain > 0).map(([id]) => id));
}

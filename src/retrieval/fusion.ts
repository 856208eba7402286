/**
 * Rank fusion of the keyword (BM25) and vector legs (DESIGN §6). Pure: each leg is a ranked list of candidates,
 * best first; the result is one list with the fused score and each leg's score and rank.
 */
/**
 * A leg's candidate. `duplicateOf` is the chunk's `duplicate_of` when the leg read its row anyway (null: not a flagged
 * copy; absent: not read), so collapsing near-duplicates after fusion needs no lookup of its own for it.
 */
export type LegHit = { chunkId: string; score: number; duplicateOf?: string | null };
export type Legs = { bm25: readonly LegHit[]; vector: readonly LegHit[] };
export type LegName = keyof Legs;

export type FusedHit = {
  chunkId: string;
  score: number;
  bm25Score: number | undefined;
  bm25Rank: number | undefined;
  vectorScore: number | undefined;
  vectorRank: number | undefined;
  /** Per-leg normalised score and contribution to `score`, for `explain`. */
  contributions: { bm25: number | undefined; vector: number | undefined };
  normalised: { bm25: number | undefined; vector: number | undefined };
};

export const DEFAULT_RRF_K = 60;

/**
 * Reciprocal rank fusion: score = Σ w_leg / (k + rank_leg), ranks from 1. Legs with weight 0 take no part, so their
 * candidates cannot enter the result (weight 0 on one leg equals the other leg alone).
 * @default k 60, weights 1 and 1
 */
export function fuseReciprocalRank(
  legs: Legs,
  { k = DEFAULT_RRF_K, weights = { bm25: 1, vector: 1 } }: { k?: number; weights?: Record<LegName, number> } = {},
): FusedHit[] {
  return fuse(legs, weights, (_hit, rank) => 1 / (k + rank), () => undefined);
}

/**
 * Relative score fusion: each leg min-max normalised to [0, 1] (all-equal scores normalise to 1), then
 * score = alpha · vector + (1 − alpha) · bm25; a candidate missing from a leg gets 0 there.
 * @default alpha 0.5
 */
export function fuseRelativeScore(legs: Legs, { alpha = 0.5 }: { alpha?: number } = {}): FusedHit[] {
  const normalisers = { bm25: minMax(legs.bm25), vector: minMax(legs.vector) };
  return fuse(
    legs,
    { bm25: 1 - alpha, vector: alpha },
    (hit, _rank, leg) => normalisers[leg](hit.score),
    (hit, leg) => normalisers[leg](hit.score),
  );
}

function minMax(hits: readonly LegHit[]): (score: number) => number {
  let min = Infinity;
  let max = -Infinity;
  for (const hit of hits) {
    min = Math.min(min, hit.score);
    max = Math.max(max, hit.score);
  }
  const range = max - min;
  return (score) => (range > 0 ? (score - min) / range : 1);
}

function fuse(
  legs: Legs,
  weights: Record<LegName, number>,
  legScore: (hit: LegHit, rank: number, leg: LegName) => number,
  normalise: (hit: LegHit, leg: LegName) => number | undefined,
): FusedHit[] {
  const byChunk = new Map<string, FusedHit>();
  for (const leg of ['bm25', 'vector'] as const) {
    if (weights[leg] === 0) continue;
    legs[leg].forEach((hit, index) => {
      const rank = index + 1;
      const fused = byChunk.get(hit.chunkId) ?? emptyHit(hit.chunkId);
      const contribution = weights[leg] * legScore(hit, rank, leg);
      fused.score += contribution;
      fused.contributions[leg] = contribution;
      fused.normalised[leg] = normalise(hit, leg);
      if (leg === 'bm25') Object.assign(fused, { bm25Score: hit.score, bm25Rank: rank });
      else Object.assign(fused, { vectorScore: hit.score, vectorRank: rank });
      byChunk.set(hit.chunkId, fused);
    });
  }
  return [...byChunk.values()].sort(compareFused);
}

function emptyHit(chunkId: string): FusedHit {
  return {
    chunkId,
    score: 0,
    bm25Score: undefined,
    bm25Rank: undefined,
    vectorScore: undefined,
    vectorRank: undefined,
    contributions: { bm25: undefined, vector: undefined },
    normalised: { bm25: undefined, vector: undefined },
  };
}

/** Fused score first; ties go to the better single-leg rank, then chunk id, so the order is total and stable. */
function compareFused(left: FusedHit, right: FusedHit): number {
  if (right.score !== left.score) return right.score - left.score;
  const bestRank = (hit: FusedHit) => Math.min(hit.bm25Rank ?? Infinity, hit.vectorRank ?? Infinity);
  const rankOrder = bestRank(left) - bestRank(right);
  if (rankOrder !== 0 && !Number.isNaN(rankOrder)) return rankOrder;
  return left.chunkId < right.chunkId ? -1 : left.chunkId > right.chunkId ? 1 : 0;
}

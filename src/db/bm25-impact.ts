import { sql, type SQL } from 'drizzle-orm';

/*
 * Impact bounds for early-terminating BM25 (see src/retrieval/bm25-leg.ts). A posting's impact is its BM25 term
 * score without the IDF, computed with a per-collection reference average length `avgdl_ref` frozen at write time:
 *
 *   impact = tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl_ref))
 *
 * The exact term score at query time uses the current avgdl instead. It grows with avgdl, and for r = avgdl/avgdl_ref
 *   exact / impact = (A + B) / (A + B/r) ≤ max(1, r)     (A = tf + k1·(1−b) ≥ 0, B = k1·b·dl/avgdl_ref ≥ 0)
 * so `impact · max(1, avgdl/avgdl_ref)` bounds the exact term score from above: postings never need rewriting when
 * avgdl moves, the bound just loosens. A small collection re-freezes the reference when it drifts far (cheap there);
 * a large one keeps it, since its average barely moves per write and a rewrite of every posting would stall writers.
 */

/** Re-freeze when avgdl/avgdl_ref leaves [1/1.25, 1.25] … */
export const REFERENCE_DRIFT = 1.25;
/** … and the collection holds at most this many term occurrences (Σ dl ≈ postings rewritten). */
export const REFREEZE_MAX_TERMS = 250_000;

/**
 * The reference average length a collection should use after a write: frozen by the first write, reset when the
 * collection empties, re-frozen on large drift in a small collection, otherwise unchanged.
 */
export function nextAverageLengthReference({
  reference,
  chunkCount,
  totalTermCount,
}: {
  reference: number;
  chunkCount: number;
  totalTermCount: number;
}): number {
  if (chunkCount <= 0 || totalTermCount <= 0) return 0;
  const average = totalTermCount / chunkCount;
  if (reference <= 0) return average;
  const drift = average / reference;
  const drifted = drift > REFERENCE_DRIFT || drift < 1 / REFERENCE_DRIFT;
  return drifted && totalTermCount <= REFREEZE_MAX_TERMS ? average : reference;
}

/** The impact of a posting as SQL, from its tf and dl expressions and the collection's parameters. */
export function impactSql({ tf, dl, k1, b, reference }: { tf: SQL; dl: SQL; k1: SQL; b: SQL; reference: SQL }): SQL {
  return sql`(${tf}::float8 * (${k1} + 1) / (${tf} + ${k1} * (1 - ${b} + ${b} * ${dl}::float8 / ${reference})))`;
}

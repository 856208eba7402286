import { sql, type SQL } from 'drizzle-orm';
import { selectRows, type Database } from '../db/client.js';
import type { ResolvedFilter } from './filter.js';
import type { LegHit } from './fusion.js';
import { BOUND_SLACK, type TermHead } from './bm25-prune.js';
import { contributionSql, corpusCte, filterJoinSql, queryTermsSql, weightSql, type Bm25Scope } from './bm25-sql.js';

/*
 * The two statements of the early-terminating BM25 leg (bm25-leg.ts explains the algorithm). Both read postings
 * through bm25_postings_impact_idx (collection, term, impact DESC, …: an index-only range scan per term), add up the
 * exact rounded contributions of what they read per chunk (`partial`, with a bit mask of the terms seen), and
 * complete a candidate's score by probing the postings primary key for the terms it was not seen in.
 */

/** At most 62 query terms fit the bit mask; longer queries take the exact path. */
export const MAX_PRUNED_TERMS = 62;

export type HeadPass = { terms: (TermHead & { cut: number })[]; factor: number | null; hits: LegHit[] };
export type CutPass = { bound: number; hits: LegHit[] };

type Pass = { scope: Bm25Scope; filter: ResolvedFilter; limit: number };

/**
 * Pass 1: each term's best `depth` postings, or its whole list when it has at most `fullList` (cut 0). The best `probe` candidates
 * by partial score are completed exactly; their k-th score is a lower bound θ of the final k-th score. When every
 * list was read whole, the hits are already the exact answer.
 */
export async function headPass(
  db: Database,
  { scope, filter, limit, textSearchConfig, queryText, depth, probe, fullList }: Pass & { textSearchConfig: string; queryText: string; depth: number; probe: number; fullList: number },
): Promise<HeadPass> {
  const { collectionId } = scope;
  const [row] = await selectRows<{ terms: RawTerm[]; factor: number | string | null; hits: RawHit[] }>(db, sql`
    WITH ${corpusCte(scope)},
    query_terms AS (${queryTermsSql(textSearchConfig, queryText)}),
    q AS (
      SELECT (row_number() OVER (ORDER BY qt.term) - 1)::int AS i, qt.term, qt.qtf, t.df, ${weightSql(sql`qt.qtf`, sql`t.df`)} AS w
      FROM query_terms qt JOIN bm25_terms t ON t.collection_id = ${collectionId} AND t.term = qt.term CROSS JOIN corpus
    ),
    heads AS (
      SELECT q.*,
        (SELECT p.impact FROM bm25_postings p WHERE p.collection_id = ${collectionId} AND p.term = q.term
         ORDER BY p.impact DESC NULLS LAST LIMIT 1) AS max_impact,
        CASE WHEN q.df <= ${fullList} THEN 0 ELSE coalesce((SELECT p.impact FROM bm25_postings p
          WHERE p.collection_id = ${collectionId} AND p.term = q.term
          ORDER BY p.impact DESC NULLS LAST OFFSET ${depth - 1} LIMIT 1), 0) END AS cut
      FROM q
    ),
    seen AS (
      SELECT h.i, p.chunk_id, ${contributionSql(scope, sql`h.w`, sql`p.tf`, sql`p.dl`)} AS s, 0::float8 AS r
      FROM heads h CROSS JOIN corpus CROSS JOIN LATERAL (
        SELECT p.chunk_id, p.tf, p.dl FROM bm25_postings p
        WHERE p.collection_id = ${collectionId} AND p.term = h.term AND p.impact >= h.cut) p
      WHERE (SELECT count(*) FROM q) <= ${MAX_PRUNED_TERMS}
    ),
    ${candidatesCte(scope, filter)},
    best AS (SELECT kept.* FROM candidates kept ORDER BY partial DESC, chunk_id LIMIT ${probe}),
    ${scoredCte(scope, sql`heads`)}
    SELECT
      (SELECT coalesce(json_agg(json_build_object('term', term, 'qtf', qtf, 'weight', w, 'maxImpact', max_impact, 'documentFrequency', df, 'cut', cut) ORDER BY i), '[]')
       FROM heads) AS terms,
      (SELECT f FROM corpus) AS factor,
      ${hitsJson(limit)} AS hits`);
  return {
    terms: (row?.terms ?? []).map((term) => ({ ...term, weight: Number(term.weight), qtf: Number(term.qtf), maxImpact: Number(term.maxImpact), documentFrequency: Number(term.documentFrequency), cut: Number(term.cut) })),
    factor: row?.factor === null || row?.factor === undefined ? null : Number(row.factor),
    hits: toHits(row?.hits),
  };
}

/**
 * Pass 2: each term's postings with impact ≥ its cut (+∞: none, the term is only probed). `bound` = Σ over terms of
 * w·f·(best impact below the cut) caps every chunk this pass did not see. Seen candidates whose partial score plus
 * the bounds of their unseen terms stays below θ are dropped unprobed; the rest are completed exactly.
 */
export async function cutPass(
  db: Database,
  { scope, filter, limit, terms, cuts, theta }: Pass & { terms: readonly TermHead[]; cuts: readonly number[]; theta: number },
): Promise<CutPass> {
  const { collectionId } = scope;
  const [row] = await selectRows<{ bound: number | string; hits: RawHit[] }>(db, sql`
    WITH ${corpusCte(scope)},
    q AS (
      SELECT (u.ord - 1)::int AS i, u.term, u.cut, ${weightSql(sql`u.qtf`, sql`t.df`)} AS w
      FROM unnest(${sql.param(terms.map((term) => term.term))}::text[], ${sql.param(terms.map((term) => String(term.qtf)))}::float8[],
                  ${sql.param(cuts.map(String))}::float8[]) WITH ORDINALITY AS u(term, qtf, cut, ord)
      JOIN bm25_terms t ON t.collection_id = ${collectionId} AND t.term = u.term CROSS JOIN corpus
    ),
    rest AS (
      SELECT q.i, q.w * corpus.f * coalesce((SELECT p.impact FROM bm25_postings p
        WHERE p.collection_id = ${collectionId} AND p.term = q.term AND p.impact < q.cut ORDER BY p.impact DESC NULLS LAST LIMIT 1), 0) AS r
      FROM q CROSS JOIN corpus
    ),
    total AS (SELECT coalesce(sum(r), 0) AS r FROM rest),
    seen AS (
      SELECT q.i, p.chunk_id, ${contributionSql(scope, sql`q.w`, sql`p.tf`, sql`p.dl`)} AS s, rest.r
      FROM q JOIN rest USING (i) CROSS JOIN corpus CROSS JOIN LATERAL (
        SELECT p.chunk_id, p.tf, p.dl FROM bm25_postings p
        WHERE p.collection_id = ${collectionId} AND p.term = q.term AND p.impact >= q.cut) p
    ),
    ${candidatesCte(scope, filter)},
    best AS (
      SELECT kept.* FROM candidates kept CROSS JOIN total
      WHERE (kept.partial + total.r - kept.r_seen) * (1 + ${BOUND_SLACK}::float8) + ${BOUND_SLACK}::float8 >= ${theta}::float8
    ),
    ${scoredCte(scope, sql`q`)}
    SELECT (SELECT r FROM total) AS bound, ${hitsJson(limit)} AS hits`);
  return { bound: Number(row?.bound ?? Infinity), hits: toHits(row?.hits) };
}

type RawTerm = { term: string; qtf: number; weight: number | string; maxImpact: number | string; documentFrequency: number; cut: number | string };
type RawHit = { chunkId: string; score: number | string };

/** `candidates(chunk_id, partial, r_seen, mask)` from `seen`, restricted by the filter. */
function candidatesCte(scope: Bm25Scope, filter: ResolvedFilter): SQL {
  return sql`grouped AS (
      SELECT chunk_id, sum(s) AS partial, sum(r) AS r_seen, bit_or(1::bigint << i) AS mask FROM seen GROUP BY chunk_id
    ),
    candidates AS (SELECT grouped.* FROM grouped ${filterJoinSql(scope, filter, sql`grouped`)})`;
}

/**
 * `scored(chunk_id, score)`: each `best` candidate's partial plus the probed contributions of its unseen terms.
 * A term read whole (cut 0) needs no probe: a chunk missing from it does not contain it.
 */
function scoredCte(scope: Bm25Scope, terms: SQL): SQL {
  return sql`scored AS (
      SELECT b.chunk_id, b.partial + coalesce((
        SELECT sum(${contributionSql(scope, sql`t.w`, sql`p.tf`, sql`p.dl`)})
        FROM ${terms} t JOIN bm25_postings p ON p.collection_id = ${scope.collectionId} AND p.term = t.term AND p.chunk_id = b.chunk_id
        WHERE t.cut > 0 AND (b.mask & (1::bigint << t.i)) = 0), 0) AS score
      FROM best b CROSS JOIN corpus
    )`;
}

function hitsJson(limit: number): SQL {
  return sql`(SELECT coalesce(json_agg(json_build_object('chunkId', chunk_id, 'score', score) ORDER BY score DESC, chunk_id), '[]')
     FROM (SELECT chunk_id, score FROM scored ORDER BY score DESC, chunk_id LIMIT ${limit}) top)`;
}

function toHits(raw: RawHit[] | undefined): LegHit[] {
  return (raw ?? []).map((hit) => ({ chunkId: hit.chunkId, score: Number(hit.score) }));
}

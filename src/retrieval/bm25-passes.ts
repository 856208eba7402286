import { sql, type SQL } from 'drizzle-orm';
import { selectRows, type Database } from '../db/client.js';
import type { ResolvedFilter } from './filter.js';
import type { LegHit } from './fusion.js';
import { BOUND_SLACK, type TermHead } from './bm25-prune.js';
import { contributionSql, corpusCte, filterJoinSql, queryTermsSql, weightSql, withDuplicateOf, type Bm25Scope } from './bm25-sql.js';

/*
 * The statements of the early-terminating BM25 leg (bm25-leg.ts explains the algorithm): a plan, and one pruned
 * pass. Postings are read through bm25_postings_impact_idx (collection, term, impact DESC, …), an index-only range
 * scan per term; a candidate's score is completed by probing the postings primary key for the terms it was not seen in.
 */

/** At most 62 query terms fit the bit mask of terms seen per chunk; longer queries take the exact path. */
export const MAX_PRUNED_TERMS = 62;

export type TermPlan = { terms: TermHead[]; factor: number | null; chunkCount: number };
export type PrunedPass = { theta: number; bound: number; threshold: number; level: number; overflow: boolean; hits: LegHit[] };

/** The query's terms known to the collection, in lexeme order, with df, weight and best impact; f and N. */
export async function planTerms(db: Database, { scope, textSearchConfig, queryText }: { scope: Bm25Scope; textSearchConfig: string; queryText: string }): Promise<TermPlan> {
  const [row] = await selectRows<{ terms: RawTerm[] | null; factor: number | string | null; n: number | string | null }>(db, sql`
    WITH ${corpusCte(scope)},
    q AS (
      SELECT qt.term, qt.qtf, t.df, ${weightSql(sql`qt.qtf`, sql`t.df`)} AS w
      FROM (${queryTermsSql(textSearchConfig, queryText)}) qt
      JOIN bm25_terms t ON t.collection_id = ${scope.collectionId} AND t.term = qt.term CROSS JOIN corpus
    )
    SELECT (SELECT f FROM corpus) AS factor, (SELECT n FROM corpus) AS n,
      (SELECT json_agg(json_build_object('term', term, 'qtf', qtf, 'weight', w, 'documentFrequency', df,
        'maxImpact', (SELECT p.impact FROM bm25_postings p WHERE p.collection_id = ${scope.collectionId} AND p.term = q.term
                      ORDER BY p.impact DESC NULLS LAST LIMIT 1)) ORDER BY term) FROM q) AS terms`);
  return {
    terms: (row?.terms ?? []).map((term) => ({
      term: term.term,
      qtf: Number(term.qtf),
      weight: Number(term.weight),
      maxImpact: Number(term.maxImpact),
      documentFrequency: Number(term.documentFrequency),
    })),
    factor: row?.factor === null || row?.factor === undefined ? null : Number(row.factor),
    chunkCount: Number(row?.n ?? 0),
  };
}

/**
 * The pruned pass, one statement:
 *  1. read every list that is not `deferred` whole; θ = the k-th best partial score (a lower bound of the final k-th
 *     score: completing a partial score only adds);
 *  2. water filling over the deferred terms' bounds U_t = w·f·max impact: the level τ with Σ min(U_t, τ) = γ·θ;
 *     a deferred term with U_t ≤ τ is not read, the others down to impact τ/(w·f), at most `caps[t]` postings
 *     (reaching a cap sets `overflow`: the result must then not be used);
 *  3. `bound` = Σ_t w·f·(best unread impact) caps every chunk not seen; a seen chunk whose partial score plus its
 *     unseen terms' bounds stays below `threshold` = max(θ, k-th partial) is dropped, the rest are completed by
 *     probes of their unseen deferred terms. `theta` is θ and `level` τ (tests compare it with `waterLevel`).
 */
export async function prunedPass(
  db: Database,
  { scope, filter, limit, terms, deferred, caps, target }: {
    scope: Bm25Scope;
    filter: ResolvedFilter;
    limit: number;
    terms: readonly TermHead[];
    deferred: readonly boolean[];
    caps: readonly (number | null)[];
    target: number;
  },
): Promise<PrunedPass> {
  const { collectionId } = scope;
  const slack = sql`(1 + ${BOUND_SLACK}::float8) + ${BOUND_SLACK}::float8`;
  const postings = (cut: SQL) => sql`SELECT p.chunk_id, p.tf, p.dl FROM bm25_postings p WHERE p.collection_id = ${collectionId} AND p.term = c.term${cut}`;
  const [row] = await selectRows<{ theta: number | string; bound: number | string; threshold: number | string; level: number | string; overflow: boolean | null; hits: RawHit[] }>(db, sql`
    WITH ${corpusCte(scope)},
    ${termsCte(scope, terms, deferred, caps)},
    seen1 AS (
      SELECT c.i, p.chunk_id, ${contributionSql(scope, sql`c.w`, sql`p.tf`, sql`p.dl`)} AS s
      FROM q c CROSS JOIN corpus CROSS JOIN LATERAL (${postings(sql``)}) p WHERE NOT c.deferred
    ),
    first AS (
      SELECT g.* FROM (SELECT chunk_id, sum(s) AS partial, bit_or(1::bigint << i) AS mask FROM seen1 GROUP BY chunk_id) g
      ${filterJoinSql(scope, filter, sql`g`)}
    ),
    theta AS (SELECT coalesce((SELECT partial FROM first ORDER BY partial DESC OFFSET ${limit - 1} LIMIT 1), 0) AS t),
    fill AS (
      SELECT ub, row_number() OVER (ORDER BY ub, i) AS j, count(*) OVER () AS m,
             coalesce(sum(ub) OVER (ORDER BY ub, i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS below
      FROM q WHERE deferred
    ),
    level AS (
      SELECT coalesce((array_agg(x.lvl ORDER BY x.j) FILTER (WHERE x.lvl <= x.ub))[1], 'Infinity'::float8) AS tau
      FROM (SELECT fill.*, (${target}::float8 * theta.t - below) / (m - j + 1) AS lvl FROM fill CROSS JOIN theta) x
    ),
    cuts AS (
      SELECT q.*, CASE WHEN NOT q.deferred THEN 0::float8 WHEN q.ub <= level.tau THEN 'Infinity'::float8
                       ELSE level.tau / (q.w * corpus.f) END AS cut
      FROM q CROSS JOIN level CROSS JOIN corpus
    ),
    rest AS (
      SELECT c.i, c.w * corpus.f * coalesce((SELECT p.impact FROM bm25_postings p
        WHERE p.collection_id = ${collectionId} AND p.term = c.term AND p.impact < c.cut ORDER BY p.impact DESC NULLS LAST LIMIT 1), 0) AS r
      FROM cuts c CROSS JOIN corpus WHERE c.deferred
    ),
    total AS (SELECT coalesce(sum(r), 0) AS r FROM rest),
    seen2 AS (
      SELECT c.i, p.chunk_id, ${contributionSql(scope, sql`c.w`, sql`p.tf`, sql`p.dl`)} AS s, rest.r
      FROM cuts c JOIN rest USING (i) CROSS JOIN corpus CROSS JOIN LATERAL (${postings(sql` AND p.impact >= c.cut LIMIT c.cap + 1`)}) p
    ),
    overflow AS (SELECT bool_or(x.n > c.cap) AS hit FROM (SELECT i, count(*) AS n FROM seen2 GROUP BY i) x JOIN q c USING (i)),
    second AS (
      SELECT g.* FROM (SELECT chunk_id, sum(s) AS partial, sum(r) AS r_seen, bit_or(1::bigint << i) AS mask FROM seen2 GROUP BY chunk_id) g
      ${filterJoinSql(scope, filter, sql`g`)}
    ),
    candidates AS (
      SELECT coalesce(a.chunk_id, b.chunk_id) AS chunk_id, coalesce(a.partial, 0) + coalesce(b.partial, 0) AS partial,
             coalesce(b.r_seen, 0) AS r_seen, coalesce(a.mask, 0) | coalesce(b.mask, 0) AS mask
      FROM first a FULL JOIN second b ON a.chunk_id = b.chunk_id
    ),
    pre AS (
      SELECT c.* FROM candidates c CROSS JOIN total CROSS JOIN theta WHERE (c.partial + total.r - c.r_seen) * ${slack} >= theta.t
    ),
    threshold AS (
      SELECT greatest(theta.t, coalesce((SELECT partial FROM pre ORDER BY partial DESC OFFSET ${limit - 1} LIMIT 1), 0)) AS t FROM theta
    ),
    best AS (
      SELECT pre.* FROM pre CROSS JOIN total CROSS JOIN threshold WHERE (pre.partial + total.r - pre.r_seen) * ${slack} >= threshold.t
    ),
    scored AS (
      SELECT b.chunk_id, b.partial + coalesce((
        SELECT sum(${contributionSql(scope, sql`t.w`, sql`p.tf`, sql`p.dl`)})
        FROM q t JOIN bm25_postings p ON p.collection_id = ${collectionId} AND p.term = t.term AND p.chunk_id = b.chunk_id
        WHERE t.deferred AND (b.mask & (1::bigint << t.i)) = 0), 0) AS score
      FROM best b CROSS JOIN corpus
    )
    SELECT (SELECT t FROM theta) AS theta, (SELECT r FROM total) AS bound, (SELECT t FROM threshold) AS threshold, (SELECT tau FROM level) AS level,
      (SELECT hit FROM overflow) AS overflow,
      (SELECT coalesce(json_agg(json_build_object('chunkId', chunk_id, 'score', score, 'duplicateOf', duplicate_of) ORDER BY score DESC, chunk_id), '[]')
       FROM (${withDuplicateOf(scope, sql`SELECT chunk_id, score FROM scored ORDER BY score DESC, chunk_id LIMIT ${limit}`)}) hit) AS hits`);
  return {
    theta: Number(row?.theta ?? 0),
    bound: Number(row?.bound ?? Infinity),
    threshold: Number(row?.threshold ?? Infinity),
    level: Number(row?.level ?? NaN),
    overflow: row?.overflow === true,
    hits: (row?.hits ?? []).map((hit) => ({ chunkId: hit.chunkId, score: Number(hit.score), duplicateOf: hit.duplicateOf })),
  };
}

type RawTerm = { term: string; qtf: number; weight: number | string; maxImpact: number | string; documentFrequency: number };
type RawHit = { chunkId: string; score: number | string; duplicateOf: string | null };

/**
 * `q(i, term, deferred, cap, w, ub)` from the planned terms; weights and bounds U = w·f·max impact are recomputed in
 * this statement's snapshot (a term deleted since the plan simply drops out).
 */
function termsCte(scope: Bm25Scope, terms: readonly TermHead[], deferred: readonly boolean[], caps: readonly (number | null)[]): SQL {
  const capTexts = terms.map((_, index) => (caps[index] === null || caps[index] === undefined ? null : String(caps[index])));
  return sql`q AS MATERIALIZED (
      SELECT (u.ord - 1)::int AS i, u.term, u.deferred, u.cap, ${weightSql(sql`u.qtf`, sql`t.df`)} AS w,
        ${weightSql(sql`u.qtf`, sql`t.df`)} * corpus.f * (SELECT p.impact FROM bm25_postings p
          WHERE p.collection_id = ${scope.collectionId} AND p.term = u.term ORDER BY p.impact DESC NULLS LAST LIMIT 1) AS ub
      FROM unnest(${sql.param(terms.map((term) => term.term))}::text[], ${sql.param(terms.map((term) => String(term.qtf)))}::float8[],
                  ${sql.param(deferred.map(String))}::boolean[], ${sql.param(capTexts)}::bigint[]) WITH ORDINALITY AS u(term, qtf, deferred, cap, ord)
      JOIN bm25_terms t ON t.collection_id = ${scope.collectionId} AND t.term = u.term CROSS JOIN corpus
    )`;
}

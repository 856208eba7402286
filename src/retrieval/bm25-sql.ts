import { sql, type SQL } from 'drizzle-orm';
import type { CollectionRow } from '../db/schema.js';
import { chunkFilterConditions, hasFilter, type ResolvedFilter } from './filter.js';

/*
 * SQL fragments every BM25 statement shares, so the exact and the early-terminating paths compute bit-identical
 * scores (the formula is in bm25.ts; arithmetic is float8: numeric was 3× slower here).
 *
 * Each term contribution is rounded to a multiple of 2^-36 (≈ 1.5e-11). Sums of such numbers are exact in float8
 * while below 2^17, so a chunk's score no longer depends on the order its terms were added in: the exact path's
 * hash aggregate and the fast path's partial + probed sums give the same bits, and tied chunks stay tied. The
 * deviation from the unrounded formula is below 1e-11 per term.
 */
const GRID = sql.raw('68719476736.0'); // 2^36

export type Bm25Scope = { collectionId: string; tenantId: string; k1: number; b: number };

export function bm25Scope(collection: CollectionRow): Bm25Scope {
  return { collectionId: collection.id, tenantId: collection.tenantId, k1: collection.bm25K1, b: collection.bm25B };
}

/**
 * `corpus(n, avgdl, f)`: N, the current average length and f = max(1, avgdl/avgdl_ref), the factor that turns a
 * stored impact into an upper bound of the exact term score (bm25-impact.ts). f is null if the collection has no
 * reference yet, which only an empty collection lacks.
 */
export function corpusCte({ collectionId, tenantId }: Bm25Scope): SQL {
  return sql`corpus AS (
      SELECT chunk_count::float8 AS n, total_term_count::float8 / greatest(chunk_count, 1) AS avgdl,
             greatest(1, total_term_count::float8 / greatest(chunk_count, 1) / nullif(bm25_avgdl_ref, 0)) AS f
      FROM collections WHERE id = ${collectionId} AND tenant_id = ${tenantId})`;
}

/** The query's lexemes through the collection's config, with qtf = positions of the lexeme in the query. */
export function queryTermsSql(textSearchConfig: string, queryText: string): SQL {
  return sql`SELECT lexeme AS term, coalesce(array_length(positions, 1), 1)::float8 AS qtf
    FROM unnest(to_tsvector(${textSearchConfig}::regconfig, ${queryText}))`;
}

/** qw · idf for a term; `qtf` and `df` are column expressions, `corpus` must be in scope. */
export function weightSql(qtf: SQL, df: SQL): SQL {
  return sql`((2 * ${qtf} / (1 + ${qtf})) * ln(1 + (corpus.n - ${df} + 0.5) / (${df}::float8 + 0.5)))`;
}

/** One term's rounded contribution w · tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl)); `corpus` must be in scope. */
export function contributionSql({ k1, b }: Bm25Scope, weight: SQL, tf: SQL, dl: SQL): SQL {
  const k = sql`${k1}::float8`;
  const bb = sql`${b}::float8`;
  return sql`(round(${weight} * ${tf} * (${k} + 1) / (${tf} + ${k} * (1 - ${bb} + ${bb} * ${dl} / greatest(corpus.avgdl, 1e-9))) * ${GRID}) / ${GRID})`;
}

/** Joins the chunk rows of candidates in `source.chunk_id` when a filter is set (a no-op otherwise). */
export function filterJoinSql(scope: Bm25Scope, filter: ResolvedFilter, source: SQL): SQL {
  if (!hasFilter(filter)) return sql``;
  return sql`JOIN chunks c ON c.id = ${source}.chunk_id AND c.tenant_id = ${scope.tenantId} ${chunkFilterConditions(filter)}`;
}

/**
 * Wraps a top-k statement over `(chunk_id, score)` (ordered by score DESC, chunk id) to add each hit's
 * `duplicate_of` in the same snapshot: k primary-key probes, so the near-duplicate collapse needs no statement of its
 * own for BM25 hits. The order and scores are the inner statement's. CTEs of the enclosing WITH stay visible inside.
 */
export function withDuplicateOf({ tenantId }: Bm25Scope, top: SQL): SQL {
  return sql`SELECT top.chunk_id, top.score, d.duplicate_of
    FROM (${top}) top LEFT JOIN chunks d ON d.id = top.chunk_id AND d.tenant_id = ${tenantId}
    ORDER BY top.score DESC, top.chunk_id`;
}

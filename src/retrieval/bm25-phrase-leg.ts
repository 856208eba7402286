import { sql } from 'drizzle-orm';
import { selectRows, type Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { queryTextFor } from '../text/cjk.js';
import { exactNeedles, type ExactMatch } from './bm25-phrase-guard.js';
import { bm25Scope, contributionSql, corpusCte, queryTermsSql, weightSql } from './bm25-sql.js';
import { chunkFilterConditions, type ResolvedFilter } from './filter.js';

/** Chunks rechecked per query at most: bounds the cost of a quoted phrase that is common in the collection. */
const MAX_RECHECKED = 500;

/**
 * The guard's match leg: chunks that contain a quoted phrase or identifier of the query (bm25-phrase-guard.ts),
 * ranked by how many of them they contain, then by their BM25 score for the whole query (the same rounded sum as
 * the keyword leg, so a chunk shows the same bm25Score either way).
 *
 * The GIN index on `tsv` narrows the chunks with `phraseto_tsquery` of each needle (OR-ed; CJK collections expand
 * the needle to bigrams first, as their index does); at most 500 of them are then checked for the needle as a
 * case-insensitive substring of the content (whitespace runs compared as one space). Cost: one GIN bitmap scan plus
 * ≤ 500 rechecks and (matches × query terms) primary-key probes for the scores; nothing when the query has no needle.
 */
export async function findExactMatches(
  db: Database,
  { collection, query, limit, filter }: { collection: CollectionRow; query: string; limit: number; filter: ResolvedFilter },
): Promise<ExactMatch[]> {
  const needles = exactNeedles(query);
  if (needles.length === 0) return [];
  const scope = bm25Scope(collection);
  const config = collection.textSearchConfig;
  const indexed = needles.map((needle) => queryTextFor(collection.tokenizer, needle));
  const rows = await selectRows<{ chunk_id: string; needles: number; score: number; duplicate_of: string | null }>(db, sql`
    WITH ${corpusCte(scope)},
    needles AS (
      SELECT lower(u.needle) AS needle, phraseto_tsquery(${config}::regconfig, u.indexed) AS q
      FROM unnest(${sql.param(needles)}::text[], ${sql.param(indexed)}::text[]) AS u(needle, indexed)
    ),
    usable AS (SELECT * FROM needles WHERE numnode(q) > 0),
    candidates AS (
      SELECT c.id, c.duplicate_of, lower(regexp_replace(c.content, '\\s+', ' ', 'g')) AS text
      FROM chunks c
      WHERE c.collection_id = ${scope.collectionId} AND c.tenant_id = ${scope.tenantId} ${chunkFilterConditions(filter)}
        AND c.tsv @@ (SELECT string_agg('(' || q::text || ')', ' | ')::tsquery FROM usable)
      LIMIT ${MAX_RECHECKED}
    ),
    matched AS (
      SELECT cd.id AS chunk_id, cd.duplicate_of, count(*)::int AS needles
      FROM candidates cd JOIN usable u ON strpos(cd.text, u.needle) > 0
      GROUP BY cd.id, cd.duplicate_of
    ),
    weighted AS MATERIALIZED (
      SELECT t.term, ${weightSql(sql`qt.qtf`, sql`t.df`)} AS weight
      FROM (${queryTermsSql(config, queryTextFor(collection.tokenizer, query))}) qt
      JOIN bm25_terms t ON t.collection_id = ${scope.collectionId} AND t.term = qt.term CROSS JOIN corpus
    )
    SELECT m.chunk_id, m.needles, m.duplicate_of, coalesce((
      SELECT sum(${contributionSql(scope, sql`w.weight`, sql`p.tf`, sql`p.dl`)})
      FROM weighted w JOIN bm25_postings p ON p.collection_id = ${scope.collectionId} AND p.term = w.term AND p.chunk_id = m.chunk_id
    ), 0) AS score
    FROM matched m CROSS JOIN corpus
    ORDER BY m.needles DESC, score DESC, m.chunk_id
    LIMIT ${limit}`);
  return rows.map((row) => ({ chunkId: row.chunk_id, needles: row.needles, bm25Score: Number(row.score), duplicateOf: row.duplicate_of }));
}

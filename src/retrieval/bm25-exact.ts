import { sql } from 'drizzle-orm';
import { selectRows, type Database } from '../db/client.js';
import { chunkFilterConditions, hasFilter, type ResolvedFilter } from './filter.js';
import type { LegHit } from './fusion.js';
import { bm25Scope, contributionSql, corpusCte, queryTermsSql, weightSql, withDuplicateOf, type Bm25Scope } from './bm25-sql.js';
import type { CollectionRow } from '../db/schema.js';

export type Bm25Request = {
  collection: CollectionRow;
  /** The query as the index sees it (CJK runs already expanded for cjk-bigram collections). */
  queryText: string;
  limit: number;
  filter: ResolvedFilter;
};

/**
 * Exact BM25 by scoring every chunk that matches a query term: one statement over the postings of the query terms
 * (a filter joins the chunks it restricts). Cost O(Σ df of the query terms) plus a top-k sort. The reference the
 * early-terminating path (bm25-leg.ts) is tested against, and its fallback.
 */
export async function searchBm25Exact(db: Database, { collection, queryText, limit, filter }: Bm25Request): Promise<LegHit[]> {
  const scope = bm25Scope(collection);
  const filterJoin = hasFilter(filter)
    ? sql`JOIN chunks c ON c.id = p.chunk_id AND c.tenant_id = ${scope.tenantId} ${chunkFilterConditions(filter)}`
    : sql``;
  const rows = await selectRows<Bm25Row>(db, sql`
    WITH ${weightedTermsCte(scope, collection.textSearchConfig, queryText)}
    ${withDuplicateOf(scope, sql`
      SELECT p.chunk_id, sum(${contributionSql(scope, sql`w.weight`, sql`p.tf`, sql`p.dl`)}) AS score
      FROM weighted w
      JOIN bm25_postings p ON p.collection_id = ${scope.collectionId} AND p.term = w.term
      ${filterJoin}
      CROSS JOIN corpus
      GROUP BY p.chunk_id
      ORDER BY score DESC, p.chunk_id
      LIMIT ${limit}`)}`);
  return rows.map(toLegHit);
}

/**
 * Exact BM25 over an explicit, small set of chunks (a selective filter): each filtered chunk probes the postings
 * primary key once per query term. Cost O(|filtered chunks| × query terms), independent of the terms' list lengths.
 */
export async function searchBm25Restricted(db: Database, { collection, queryText, limit, filter }: Bm25Request): Promise<LegHit[]> {
  const scope = bm25Scope(collection);
  const rows = await selectRows<Bm25Row>(db, sql`
    WITH ${weightedTermsCte(scope, collection.textSearchConfig, queryText)},
    filtered AS (
      SELECT c.id FROM chunks c
      WHERE c.collection_id = ${scope.collectionId} AND c.tenant_id = ${scope.tenantId} ${chunkFilterConditions(filter)}
    )
    ${withDuplicateOf(scope, sql`
      SELECT f.id AS chunk_id, sum(${contributionSql(scope, sql`w.weight`, sql`p.tf`, sql`p.dl`)}) AS score
      FROM filtered f CROSS JOIN weighted w
      JOIN bm25_postings p ON p.collection_id = ${scope.collectionId} AND p.term = w.term AND p.chunk_id = f.id
      CROSS JOIN corpus
      GROUP BY f.id
      ORDER BY score DESC, f.id
      LIMIT ${limit}`)}`);
  return rows.map(toLegHit);
}

type Bm25Row = { chunk_id: string; score: number; duplicate_of: string | null };

function toLegHit(row: Bm25Row): LegHit {
  return { chunkId: row.chunk_id, score: Number(row.score), duplicateOf: row.duplicate_of };
}

/** Counts the chunks a filter keeps, stopping at `cap` (enough to decide whether the filter is selective). */
export async function countFilteredChunks(db: Database, { collection, filter, cap }: { collection: CollectionRow; filter: ResolvedFilter; cap: number }): Promise<number> {
  const [row] = await selectRows<{ n: number }>(db, sql`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM chunks c
      WHERE c.collection_id = ${collection.id} AND c.tenant_id = ${collection.tenantId} ${chunkFilterConditions(filter)}
      LIMIT ${cap}) x`);
  return row?.n ?? 0;
}

/** `corpus` and `weighted(term, weight)`: the query's terms known to the collection with their qw · idf. */
function weightedTermsCte(scope: Bm25Scope, textSearchConfig: string, queryText: string) {
  return sql`${corpusCte(scope)},
    query_terms AS (${queryTermsSql(textSearchConfig, queryText)}),
    weighted AS MATERIALIZED (
      SELECT t.term, ${weightSql(sql`q.qtf`, sql`t.df`)} AS weight
      FROM query_terms q
      JOIN bm25_terms t ON t.collection_id = ${scope.collectionId} AND t.term = q.term
      CROSS JOIN corpus
    )`;
}

import { sql } from 'drizzle-orm';
import { selectRows, type Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
import { chunkFilterConditions, hasFilter, type ResolvedFilter } from './filter.js';
import type { LegHit } from './fusion.js';

/**
 * The keyword leg: exact BM25 (see bm25.ts for the formula) in one SQL statement over the postings table.
 * Query terms go through the collection's text-search config (`to_tsvector`, so stemming and stop words match the
 * index; qtf = positions of the lexeme in the query). Postings carry tf and dl, so the unfiltered path reads only
 * the postings of the query terms; a filter joins the chunks it restricts. Arithmetic is float8 (numeric was 3×
 * slower here). Cost: O(Σ postings of the query terms) plus a top-k sort.
 */
export async function searchBm25(
  db: Database,
  { collection, query, limit, filter }: { collection: CollectionRow; query: string; limit: number; filter: ResolvedFilter },
): Promise<LegHit[]> {
  const { id: collectionId, tenantId, textSearchConfig, bm25K1: k1, bm25B: b } = collection;
  const filterJoin = hasFilter(filter)
    ? sql`JOIN chunks c ON c.id = p.chunk_id AND c.tenant_id = ${tenantId} ${chunkFilterConditions(filter)}`
    : sql``;
  const rows = await selectRows<{ chunk_id: string; score: number }>(db, sql`
    WITH query_terms AS (
      SELECT lexeme AS term, coalesce(array_length(positions, 1), 1)::float8 AS qtf
      FROM unnest(to_tsvector(${textSearchConfig}::regconfig, ${query}))
    ), corpus AS (
      SELECT chunk_count::float8 AS n, total_term_count::float8 / greatest(chunk_count, 1) AS avgdl
      FROM collections WHERE id = ${collectionId} AND tenant_id = ${tenantId}
    ), weighted AS (
      SELECT t.term, (2 * q.qtf / (1 + q.qtf)) * ln(1 + (corpus.n - t.df + 0.5) / (t.df + 0.5)) AS weight
      FROM query_terms q
      JOIN bm25_terms t ON t.collection_id = ${collectionId} AND t.term = q.term
      CROSS JOIN corpus
    )
    SELECT p.chunk_id, sum(
      w.weight * p.tf * (${k1}::float8 + 1)
      / (p.tf + ${k1}::float8 * (1 - ${b}::float8 + ${b}::float8 * p.dl / greatest(corpus.avgdl, 1e-9)))
    ) AS score
    FROM weighted w
    JOIN bm25_postings p ON p.collection_id = ${collectionId} AND p.term = w.term
    ${filterJoin}
    CROSS JOIN corpus
    GROUP BY p.chunk_id
    ORDER BY score DESC, p.chunk_id
    LIMIT ${limit}`);
  return rows.map((row) => ({ chunkId: row.chunk_id, score: Number(row.score) }));
}

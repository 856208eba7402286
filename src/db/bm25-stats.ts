import { sql } from 'drizzle-orm';
import { selectRows, type Database } from './client.js';

/*
 * BM25 statistics maintenance. Terms come from each chunk's generated `tsv` (the collection's text-search config),
 * so the index, the statistics and query parsing always agree. tf = number of positions of a lexeme in the chunk,
 * dl = Σ tf. Both functions must run inside the transaction that writes or deletes the chunks, after
 * `lockCollectionForWrite`, which serialises writers of one collection and so keeps every counter exact.
 */

type Scope = { tenantId: string; collectionId: string; documentId: string };

/** Adds a document's freshly inserted chunks to postings, document frequencies and the collection totals. */
export async function addDocumentStatistics(db: Database, { tenantId, collectionId, documentId }: Scope): Promise<void> {
  await db.execute(sql`
    WITH terms AS (
      SELECT c.id AS chunk_id, t.lexeme AS term, coalesce(array_length(t.positions, 1), 1) AS tf
      FROM chunks c, unnest(c.tsv) AS t
      WHERE c.tenant_id = ${tenantId} AND c.document_id = ${documentId}
    ), lengths AS (
      SELECT chunk_id, sum(tf)::int AS dl FROM terms GROUP BY chunk_id
    ), set_lengths AS (
      UPDATE chunks c SET term_count = l.dl FROM lengths l WHERE c.id = l.chunk_id
    )
    INSERT INTO bm25_postings (tenant_id, collection_id, term, chunk_id, tf, dl)
    SELECT ${tenantId}, ${collectionId}, t.term, t.chunk_id, t.tf, l.dl
    FROM terms t JOIN lengths l USING (chunk_id)`);
  // Sorted so concurrent writers (if the collection lock is ever relaxed) take term row locks in the same order.
  await db.execute(sql`
    INSERT INTO bm25_terms (tenant_id, collection_id, term, df)
    SELECT ${tenantId}, ${collectionId}, t.lexeme, count(*)::int
    FROM chunks c, unnest(c.tsv) AS t
    WHERE c.tenant_id = ${tenantId} AND c.document_id = ${documentId}
    GROUP BY t.lexeme ORDER BY t.lexeme
    ON CONFLICT (collection_id, term) DO UPDATE SET df = bm25_terms.df + excluded.df`);
  await db.execute(sql`
    UPDATE collections SET
      chunk_count = collections.chunk_count + s.added_chunks,
      total_term_count = collections.total_term_count + s.added_terms
    FROM (SELECT count(*) AS added_chunks, coalesce(sum(term_count), 0) AS added_terms
          FROM chunks WHERE tenant_id = ${tenantId} AND document_id = ${documentId}) s
    WHERE collections.id = ${collectionId} AND collections.tenant_id = ${tenantId}`);
}

/** Removes a document's chunks from the statistics; call before deleting the chunk rows. */
export async function removeDocumentStatistics(db: Database, { tenantId, collectionId, documentId }: Scope): Promise<void> {
  const documentTerms = sql`
    SELECT c.id AS chunk_id, t.lexeme AS term
    FROM chunks c, unnest(c.tsv) AS t
    WHERE c.tenant_id = ${tenantId} AND c.document_id = ${documentId}`;
  await db.execute(sql`
    UPDATE bm25_terms b SET df = b.df - d.n
    FROM (SELECT term, count(*)::int AS n FROM (${documentTerms}) x GROUP BY term ORDER BY term) d
    WHERE b.collection_id = ${collectionId} AND b.term = d.term`);
  await db.execute(sql`
    DELETE FROM bm25_terms b
    WHERE b.collection_id = ${collectionId} AND b.df <= 0
      AND b.term IN (SELECT term FROM (${documentTerms}) x)`);
  await db.execute(sql`
    DELETE FROM bm25_postings p USING (${documentTerms}) d
    WHERE p.collection_id = ${collectionId} AND p.term = d.term AND p.chunk_id = d.chunk_id`);
  await db.execute(sql`
    UPDATE collections SET
      chunk_count = collections.chunk_count - s.added_chunks,
      total_term_count = collections.total_term_count - s.added_terms
    FROM (SELECT count(*) AS added_chunks, coalesce(sum(term_count), 0) AS added_terms
          FROM chunks WHERE tenant_id = ${tenantId} AND document_id = ${documentId}) s
    WHERE collections.id = ${collectionId} AND collections.tenant_id = ${tenantId}`);
}

export type StatisticsSnapshot = {
  chunkCount: number;
  totalTermCount: number;
  documentFrequencies: Record<string, number>;
};

/** The statistics as maintained, and (with `recount`) as recomputed from scratch from the chunks: tests compare them. */
export async function readStatistics(
  db: Database,
  { tenantId, collectionId, recount = false }: { tenantId: string; collectionId: string; recount?: boolean },
): Promise<StatisticsSnapshot> {
  const [totals] = recount
    ? await selectRows<{ chunk_count: number; total: number }>(db, sql`
        SELECT count(*)::int AS chunk_count, coalesce(sum(x.tf), 0)::int AS total
        FROM chunks c LEFT JOIN LATERAL (SELECT sum(coalesce(array_length(positions, 1), 1)) AS tf FROM unnest(c.tsv)) x ON true
        WHERE c.tenant_id = ${tenantId} AND c.collection_id = ${collectionId}`)
    : await selectRows<{ chunk_count: number; total: number }>(db, sql`
        SELECT chunk_count::int, total_term_count::int AS total FROM collections
        WHERE tenant_id = ${tenantId} AND id = ${collectionId}`);
  const frequencies = recount
    ? await selectRows<{ term: string; df: number }>(db, sql`
        SELECT t.lexeme AS term, count(*)::int AS df FROM chunks c, unnest(c.tsv) t
        WHERE c.tenant_id = ${tenantId} AND c.collection_id = ${collectionId} GROUP BY t.lexeme`)
    : await selectRows<{ term: string; df: number }>(db, sql`
        SELECT term, df FROM bm25_terms WHERE tenant_id = ${tenantId} AND collection_id = ${collectionId}`);
  return {
    chunkCount: totals?.chunk_count ?? 0,
    totalTermCount: totals?.total ?? 0,
    documentFrequencies: Object.fromEntries(frequencies.map((row) => [row.term, row.df])),
  };
}

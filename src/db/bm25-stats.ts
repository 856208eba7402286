import { sql, type SQL } from 'drizzle-orm';
import { impactSql, nextAverageLengthReference } from './bm25-impact.js';
import { selectRows, type Database } from './client.js';

/*
 * BM25 statistics maintenance. Terms come from each chunk's generated `tsv` (the collection's text-search config),
 * so the index, the statistics and query parsing always agree. tf = number of positions of a lexeme in the chunk,
 * dl = Σ tf, impact = the posting's score bound (bm25-impact.ts). Additions are set-based and shared by bulk loads
 * and `ingestDocument` (bulk-insert.ts); removals are here. Both must run inside the transaction that writes or
 * deletes the chunks, after `lockCollectionForWrite`, which serialises writers of one collection and so keeps every
 * counter, the reference length and the impacts exact.
 */

type Scope = { tenantId: string; collectionId: string; documentId: string };

/** Removes a document's chunks from the statistics; call before deleting the chunk rows. */
export async function removeDocumentStatistics(db: Database, scope: Scope): Promise<void> {
  const { tenantId, collectionId, documentId } = scope;
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
  await updateTotals(db, scope, -1);
}

/**
 * Adds (sign 1) or subtracts (sign −1) the document's chunks to the collection totals, then settles the reference
 * length; when it changes in a collection that has postings, every remaining posting's impact is recomputed.
 * Returns the reference now in force.
 */
async function updateTotals(db: Database, { tenantId, collectionId, documentId }: Scope, sign: 1 | -1): Promise<number> {
  const [totals] = await selectRows<{ chunk_count: string; total_term_count: string; bm25_avgdl_ref: number }>(db, sql`
    UPDATE collections SET
      chunk_count = collections.chunk_count + ${sign} * s.chunks,
      total_term_count = collections.total_term_count + ${sign} * s.terms
    FROM (SELECT count(*) AS chunks, coalesce(sum(term_count), 0) AS terms
          FROM chunks WHERE tenant_id = ${tenantId} AND document_id = ${documentId}) s
    WHERE collections.id = ${collectionId} AND collections.tenant_id = ${tenantId}
    RETURNING collections.chunk_count, collections.total_term_count, collections.bm25_avgdl_ref`);
  if (totals === undefined) throw new Error(`collection ${collectionId} disappeared during a write`);
  const current = Number(totals.bm25_avgdl_ref);
  const next = nextAverageLengthReference({
    reference: current,
    chunkCount: Number(totals.chunk_count),
    totalTermCount: Number(totals.total_term_count),
  });
  if (next === current) return current;
  await db.execute(sql`UPDATE collections SET bm25_avgdl_ref = ${next}::float8 WHERE id = ${collectionId}`);
  if (current > 0 && next > 0) {
    await db.execute(sql`
      UPDATE bm25_postings p SET impact = ${impactOf(sql`p.tf`, sql`p.dl`, next)}
      FROM collections k WHERE k.id = ${collectionId} AND p.collection_id = ${collectionId}`);
  }
  return next;
}

/** Impact SQL over the `collections` alias `k` (k1, b) and a reference length sent as a float8 parameter. */
function impactOf(tf: SQL, dl: SQL, reference: number): SQL {
  return impactSql({ tf, dl, k1: sql`k.bm25_k1`, b: sql`k.bm25_b`, reference: sql`${reference}::float8` });
}

/**
 * Postings that disagree with a recount from the chunks' tsvectors: missing, extra, or with a wrong tf, dl or impact
 * (impact against the collection's current reference length). 0 when the index is consistent; tests assert it.
 */
export async function countInconsistentPostings(db: Database, { tenantId, collectionId }: { tenantId: string; collectionId: string }): Promise<number> {
  const [row] = await selectRows<{ bad: number }>(db, sql`
    WITH expected AS (
      SELECT c.id AS chunk_id, t.lexeme AS term, coalesce(array_length(t.positions, 1), 1) AS tf, c.term_count AS dl
      FROM chunks c, unnest(c.tsv) t WHERE c.tenant_id = ${tenantId} AND c.collection_id = ${collectionId}
    ), actual AS (
      SELECT chunk_id, term, tf, dl, impact FROM bm25_postings WHERE tenant_id = ${tenantId} AND collection_id = ${collectionId}
    )
    SELECT count(*)::int AS bad
    FROM expected e FULL JOIN actual a ON a.chunk_id = e.chunk_id AND a.term = e.term
    CROSS JOIN collections k
    WHERE k.id = ${collectionId} AND (
      e.term IS NULL OR a.term IS NULL OR a.tf <> e.tf OR a.dl <> e.dl
      OR abs(a.impact - ${impactSql({ tf: sql`e.tf`, dl: sql`e.dl`, k1: sql`k.bm25_k1`, b: sql`k.bm25_b`, reference: sql`k.bm25_avgdl_ref` })}) > 1e-9)`);
  return row?.bad ?? 0;
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

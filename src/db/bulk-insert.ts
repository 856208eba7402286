import { sql, type SQL } from 'drizzle-orm';
import { impactSql, nextAverageLengthReference } from './bm25-impact.js';
import type { NewChunk } from './chunks.js';
import { selectRows, type Database } from './client.js';
import { chunks, documents } from './schema.js';

/*
 * Set-based chunk writes, for bulk loads (`ingestion/bulk-load.ts`, a batch of documents) and `ingestDocument` (one
 * document) alike: the chunks with the collection totals in one statement, then their BM25 postings and term
 * frequencies in one more. Every row is written once, complete: `term_count` and `duplicate_of` are set by the
 * INSERT, since an UPDATE afterwards rewrites the wide row and re-inserts it into every index (HNSW and GIN
 * included). The bulk-load test compares a bulk-loaded collection with the same corpus ingested one by one, and the
 * statistics tests compare the maintained figures with recounts.
 */

export type NewDocumentRow = Omit<typeof documents.$inferInsert, 'createdAt' | 'updatedAt' | 'status'> & { id: string };
export type NewChunkRow = NewChunk & { id: string };

/** Multi-row INSERT of documents with their ids chosen by the caller; slices keep the parameter count small. */
export async function insertDocumentRows(db: Database, rows: readonly NewDocumentRow[], sliceSize = 1000): Promise<void> {
  for (let start = 0; start < rows.length; start += sliceSize) {
    await db.insert(documents).values(rows.slice(start, start + sliceSize));
  }
}

type ColumnSpec = { column: string; arrayType: string; encode: (row: NewChunkRow) => unknown; select?: (value: SQL) => SQL };

const json = (value: unknown): string => JSON.stringify(value);

/**
 * How each chunk column travels: one array parameter per column, unnested on the server (no parameter limit, one
 * parse per batch). `satisfies` makes a column added to the schema a compile error here until it is carried too.
 */
const CHUNK_COLUMNS = {
  id: { column: 'id', arrayType: 'uuid[]', encode: (row) => row.id },
  tenantId: { column: 'tenant_id', arrayType: 'uuid[]', encode: (row) => row.tenantId },
  collectionId: { column: 'collection_id', arrayType: 'uuid[]', encode: (row) => row.collectionId },
  documentId: { column: 'document_id', arrayType: 'uuid[]', encode: (row) => row.documentId },
  ordinal: { column: 'ordinal', arrayType: 'int4[]', encode: (row) => row.ordinal },
  content: { column: 'content', arrayType: 'text[]', encode: (row) => row.content },
  contentHash: { column: 'content_hash', arrayType: 'text[]', encode: (row) => row.contentHash },
  tokenCount: { column: 'token_count', arrayType: 'int4[]', encode: (row) => row.tokenCount },
  charStart: { column: 'char_start', arrayType: 'int4[]', encode: (row) => row.charStart },
  charEnd: { column: 'char_end', arrayType: 'int4[]', encode: (row) => row.charEnd },
  // A text[] per row cannot ride in a text[][] (PostgreSQL arrays are rectangular), so it travels as JSON.
  headingPath: {
    column: 'heading_path',
    arrayType: 'text[]',
    encode: (row) => json(row.headingPath ?? []),
    select: (value) => sql`ARRAY(SELECT jsonb_array_elements_text(${value}::jsonb))`,
  },
  page: { column: 'page', arrayType: 'int4[]', encode: (row) => row.page ?? null },
  metadata: { column: 'metadata', arrayType: 'text[]', encode: (row) => json(row.metadata ?? {}), select: (value) => sql`${value}::jsonb` },
  textSearchConfig: { column: 'text_search_config', arrayType: 'text[]', encode: (row) => row.textSearchConfig, select: (value) => sql`${value}::regconfig` },
  indexText: { column: 'index_text', arrayType: 'text[]', encode: (row) => row.indexText ?? null },
  duplicateOf: { column: 'duplicate_of', arrayType: 'uuid[]', encode: (row) => row.duplicateOf ?? null },
  embeddingDimension: { column: 'embedding_dimension', arrayType: 'int4[]', encode: (row) => row.embeddingDimension },
  // The column's own driver mapping, so a bulk-loaded vector is byte-for-byte what a per-document insert sends.
  embedding: {
    column: 'embedding',
    arrayType: 'text[]',
    encode: (row) => chunks.embedding.mapToDriverValue(row.embedding),
    select: (value) => sql`${value}::vector`,
  },
} satisfies { [Key in keyof Required<NewChunkRow>]: ColumnSpec };

/**
 * Inserts a batch of chunks of one collection and adds them to the collection totals. `term_count` (BM25 dl = Σ tf
 * over the chunk's tsvector) is computed while inserting, from the same expression as the generated `tsv`, so no
 * row is written twice (an UPDATE afterwards would rewrite every row and all its index entries).
 * Returns the totals after the batch and the reference length in force before it (for `addBatchPostings`).
 */
export async function insertChunkRows(
  db: Database,
  { tenantId, collectionId, rows }: { tenantId: string; collectionId: string; rows: readonly NewChunkRow[] },
): Promise<CollectionTotals> {
  const specs = Object.values(CHUNK_COLUMNS) as ColumnSpec[];
  const arrays = sql.join(specs.map((spec) => sql`${sql.param(rows.map(spec.encode))}::${sql.raw(spec.arrayType)}`), sql`, `);
  const names = sql.raw(specs.map((spec) => spec.column).join(', '));
  const values = sql.join(
    specs.map((spec) => {
      const value = sql.raw(`input.${spec.column}`);
      return spec.select === undefined ? value : spec.select(value);
    }),
    sql`, `,
  );
  const [totals] = await selectRows<{ chunk_count: string; total_term_count: string; bm25_avgdl_ref: number }>(db, sql`
    WITH input AS (
      SELECT * FROM unnest(${arrays}) AS input(${names})
    ), inserted AS (
      INSERT INTO chunks (${names}, term_count)
      SELECT ${values},
        (SELECT coalesce(sum(coalesce(array_length(t.positions, 1), 1)), 0)::int
         FROM unnest(to_tsvector(input.text_search_config::regconfig, coalesce(input.index_text, input.content))) AS t)
      FROM input
      RETURNING term_count
    )
    UPDATE collections SET
      chunk_count = collections.chunk_count + s.chunks,
      total_term_count = collections.total_term_count + s.terms
    FROM (SELECT count(*) AS chunks, coalesce(sum(term_count), 0) AS terms FROM inserted) s
    WHERE collections.id = ${collectionId} AND collections.tenant_id = ${tenantId}
    RETURNING collections.chunk_count, collections.total_term_count, collections.bm25_avgdl_ref`);
  if (totals === undefined) throw new Error(`collection ${collectionId} disappeared during a bulk write`);
  return { chunkCount: Number(totals.chunk_count), totalTermCount: Number(totals.total_term_count), reference: Number(totals.bm25_avgdl_ref) };
}

export type CollectionTotals = { chunkCount: number; totalTermCount: number; reference: number };

/**
 * Adds chunks (already inserted, totals already added) to the postings and document frequencies, once per batch
 * (one document for `ingestDocument`): the reference length is settled from the new totals
 * (`nextAverageLengthReference`; existing postings re-scored when it moves), and each posting's impact uses it.
 * Postings and frequencies do not depend on the batching; the reference (and so the impact bounds) may settle at a
 * slightly different value, which only changes how early the pruned BM25 leg can stop.
 * With `indexed` (the postings' indexes are live) rows go in key order, so each batch walks the btrees once.
 */
export async function addBatchPostings(
  db: Database,
  {
    tenantId,
    collectionId,
    chunkIds,
    totals,
    indexed = true,
  }: { tenantId: string; collectionId: string; chunkIds: readonly string[]; totals: CollectionTotals; indexed?: boolean },
): Promise<void> {
  if (chunkIds.length === 0) return;
  const reference = await settleReference(db, collectionId, totals);
  const impact = impactSql({ tf: sql`t.tf`, dl: sql`t.dl`, k1: sql`k.bm25_k1`, b: sql`k.bm25_b`, reference: sql`${reference}::float8` });
  await db.execute(sql`
    WITH terms AS (
      SELECT c.id AS chunk_id, x.lexeme AS term, coalesce(array_length(x.positions, 1), 1) AS tf, c.term_count AS dl
      FROM chunks c, unnest(c.tsv) AS x
      WHERE c.tenant_id = ${tenantId} AND c.id = ANY(${sql.param(chunkIds)}::uuid[])
    ), postings AS (
      INSERT INTO bm25_postings (tenant_id, collection_id, term, chunk_id, tf, dl, impact)
      SELECT ${tenantId}, ${collectionId}, t.term, t.chunk_id, t.tf, t.dl, ${impact}
      FROM terms t CROSS JOIN collections k WHERE k.id = ${collectionId}
      ${indexed ? sql`ORDER BY t.term, t.chunk_id` : sql``}
    )
    INSERT INTO bm25_terms (tenant_id, collection_id, term, df)
    SELECT ${tenantId}, ${collectionId}, term, count(*)::int FROM terms GROUP BY term ORDER BY term
    ON CONFLICT (collection_id, term) DO UPDATE SET df = bm25_terms.df + excluded.df`);
}

/**
 * Inserts chunks (ids chosen by the caller) and adds them to the statistics: `insertChunkRows` then
 * `addBatchPostings`. Call inside a write transaction after `lockCollectionForWrite`.
 */
export async function insertChunksWithStatistics(
  db: Database,
  { tenantId, collectionId, rows, indexed = true }: { tenantId: string; collectionId: string; rows: readonly NewChunkRow[]; indexed?: boolean },
): Promise<void> {
  if (rows.length === 0) return;
  const totals = await insertChunkRows(db, { tenantId, collectionId, rows });
  await addBatchPostings(db, { tenantId, collectionId, chunkIds: rows.map((row) => row.id), totals, indexed });
}

/** `updateTotals`' reference rule (bm25-stats.ts), for totals a batch has just moved. Returns the reference in force. */
async function settleReference(db: Database, collectionId: string, { chunkCount, totalTermCount, reference }: CollectionTotals): Promise<number> {
  const next = nextAverageLengthReference({ reference, chunkCount, totalTermCount });
  if (next === reference) return reference;
  await db.execute(sql`UPDATE collections SET bm25_avgdl_ref = ${next}::float8 WHERE id = ${collectionId}`);
  if (reference > 0 && next > 0) {
    const impact = impactSql({ tf: sql`p.tf`, dl: sql`p.dl`, k1: sql`k.bm25_k1`, b: sql`k.bm25_b`, reference: sql`${next}::float8` });
    await db.execute(sql`
      UPDATE bm25_postings p SET impact = ${impact}
      FROM collections k WHERE k.id = ${collectionId} AND p.collection_id = ${collectionId}`);
  }
  return next;
}

/** The external ids among `externalIds` that already name a document of the collection. */
export async function findExistingExternalIds(
  db: Database,
  { tenantId, collectionId, externalIds }: { tenantId: string; collectionId: string; externalIds: readonly string[] },
): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await selectRows<{ external_id: string }>(db, sql`
    SELECT external_id FROM documents
    WHERE tenant_id = ${tenantId} AND collection_id = ${collectionId} AND external_id = ANY(${sql.param(externalIds)}::text[])`);
  return new Set(rows.map((row) => row.external_id));
}

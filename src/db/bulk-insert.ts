import { sql, type SQL } from 'drizzle-orm';
import { impactSql, nextAverageLengthReference } from './bm25-impact.js';
import type { NewChunk } from './chunks.js';
import { selectRows, type Database } from './client.js';
import { chunks, documents } from './schema.js';
import { vectorIndexName } from './vector-index.js';

/*
 * Set-based writes for bulk loads (`ingestion/bulk-load.ts`): a whole batch of chunks, their BM25 postings, term
 * frequencies and collection totals in one statement, instead of a few statements per document. The statistics
 * must come out exactly as `addDocumentStatistics` (bm25-stats.ts) computes them per document; the bulk-load test
 * compares a bulk-loaded collection with the same corpus ingested one document at a time.
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
 * row is written twice (the per-document path's UPDATE would rewrite every row and all its index entries).
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
 * Adds a batch's chunks (already inserted, totals already added) to the postings and document frequencies, with
 * the same rules as `addDocumentStatistics` applied once per batch: the reference length is settled from the new
 * totals (`nextAverageLengthReference`; existing postings re-scored when it moves), and each posting's impact uses
 * it. Postings and frequencies come out equal to the per-document path's; the reference (and so the impact
 * bounds) may settle at a slightly different value, which only changes how early the pruned BM25 leg can stop.
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

/** A search index dropped for a bulk load, with the DDL that recreates it (read from the catalog, not duplicated). */
export type SuspendedIndex = { table: string; name: string; kind: 'index' | 'constraint'; definition: string };

type IndexRow = {
  table_name: string;
  index_name: string;
  index_definition: string;
  constraint_name: string | null;
  constraint_definition: string | null;
  is_unique: boolean;
};

/**
 * Drops the indexes a bulk load would otherwise maintain row by row, when no other data depends on them, and
 * returns how to rebuild them (`restoreSearchIndexes`). Index builds sort once; per-row inserts into HNSW, GIN and
 * wide btrees cost far more (STACK.md: HNSW inserts ~20× slower than a build).
 * - `bm25_postings` holds no row: all its indexes, primary key included (nothing references it).
 * - `chunks` holds no row: every non-unique index (HNSW, tsvector and metadata GIN, collection btree).
 * - `chunks` holds no row of this dimension: that dimension's HNSW index only.
 * The tables are locked before they are checked, so no writer can add a row in between.
 */
export async function suspendSearchIndexes(db: Database, { dimension }: { dimension: number }): Promise<SuspendedIndex[]> {
  return db.transaction(async (transaction) => {
    await transaction.execute(sql`LOCK TABLE chunks, bm25_postings IN ACCESS EXCLUSIVE MODE`);
    const [state] = await selectRows<{ chunks_empty: boolean; dimension_empty: boolean; postings_empty: boolean }>(transaction, sql`
      SELECT NOT EXISTS (SELECT 1 FROM chunks) AS chunks_empty,
             NOT EXISTS (SELECT 1 FROM chunks WHERE embedding_dimension = ${dimension}) AS dimension_empty,
             NOT EXISTS (SELECT 1 FROM bm25_postings) AS postings_empty`);
    const indexes = await selectRows<IndexRow>(transaction, sql`
      SELECT t.relname AS table_name, x.relname AS index_name, pg_get_indexdef(i.indexrelid) AS index_definition,
             con.conname AS constraint_name, pg_get_constraintdef(con.oid) AS constraint_definition, i.indisunique AS is_unique
      FROM pg_index i
      JOIN pg_class x ON x.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
      LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
      WHERE i.indrelid IN ('chunks'::regclass, 'bm25_postings'::regclass)
      ORDER BY t.relname, x.relname`);
    const vectorIndex = vectorIndexName('chunks', dimension);
    const suspended = indexes
      .filter((index) =>
        index.table_name === 'bm25_postings'
          ? state?.postings_empty === true
          : state?.chunks_empty === true
            ? !index.is_unique
            : state?.dimension_empty === true && index.index_name === vectorIndex,
      )
      .map(toSuspended);
    for (const index of suspended) {
      await transaction.execute(
        sql.raw(index.kind === 'constraint' ? `ALTER TABLE "${index.table}" DROP CONSTRAINT "${index.name}"` : `DROP INDEX "${index.name}"`),
      );
    }
    return suspended;
  });
}

function toSuspended(row: IndexRow): SuspendedIndex {
  if (row.constraint_name !== null && row.constraint_definition !== null) {
    const definition = `ALTER TABLE "${row.table_name}" ADD CONSTRAINT "${row.constraint_name}" ${row.constraint_definition}`;
    return { table: row.table_name, name: row.constraint_name, kind: 'constraint', definition };
  }
  return { table: row.table_name, name: row.index_name, kind: 'index', definition: row.index_definition };
}

/**
 * Rebuilds suspended indexes, each in its own transaction with `maintenance_work_mem` raised for that transaction
 * only (an HNSW or GIN build whose working set fits in memory is several times faster: STACK.md measured 100k ×
 * 384-d HNSW at 117 s with 64 MB and 30 s with 1 GB). One that reappeared meanwhile (start-up's
 * `ensureVectorIndex`, say) is left alone. Calls `onIndex` before each build.
 * @default maintenanceWorkMemMb 1024
 */
export async function restoreSearchIndexes(
  db: Database,
  suspended: readonly SuspendedIndex[],
  { maintenanceWorkMemMb = 1024, onIndex }: { maintenanceWorkMemMb?: number; onIndex?: (index: SuspendedIndex) => void } = {},
): Promise<void> {
  if (!Number.isInteger(maintenanceWorkMemMb) || maintenanceWorkMemMb < 1) throw new RangeError('maintenanceWorkMemMb must be a positive integer');
  for (const index of suspended) {
    onIndex?.(index);
    await db.transaction(async (transaction) => {
      const [present] = await selectRows<{ present: boolean }>(transaction, index.kind === 'constraint'
        ? sql`SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = ${index.name} AND conrelid = ${index.table}::regclass) AS present`
        : sql`SELECT to_regclass(${index.name}) IS NOT NULL AS present`);
      if (present?.present === true) return;
      await transaction.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${maintenanceWorkMemMb}MB'`));
      try {
        await transaction.execute(sql.raw(index.definition));
      } catch (error) {
        throw new Error(`rebuilding ${index.kind} ${index.name} on ${index.table} after a bulk load: ${index.definition}`, { cause: error });
      }
    });
  }
}

/** Refreshes planner statistics after a bulk load, so the first searches are not planned for empty tables. */
export async function analyzeSearchTables(db: Database): Promise<void> {
  await db.execute(sql`ANALYZE chunks, documents, bm25_postings, bm25_terms`);
}

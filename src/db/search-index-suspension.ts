import { sql } from 'drizzle-orm';
import { selectRows, type Database } from './client.js';
import { isChunkVectorIndexName } from './vector-index.js';

/*
 * Index suspension for bulk loads: indexes that no other data depends on are dropped before a load and rebuilt from
 * their catalog definitions afterwards, so their DDL is never duplicated here (migrations and `ensureVectorIndex`
 * stay its only source).
 */

/**
 * A search index dropped for a bulk load, with the DDL that recreates it (read from the catalog, not duplicated).
 * A primary key or unique constraint is rebuilt as its unique index (`definition`), then attached (`attach`): the
 * index build takes a SHARE lock, which lets other builds on the table run beside it, where ADD CONSTRAINT would
 * hold ACCESS EXCLUSIVE for the whole build.
 */
export type SuspendedIndex = { table: string; name: string; kind: 'index' | 'constraint'; definition: string; attach?: string };

type IndexRow = {
  table_name: string;
  index_name: string;
  index_definition: string;
  constraint_name: string | null;
  constraint_definition: string | null;
  constraint_type: string | null;
  is_unique: boolean;
};

/**
 * Drops the indexes a bulk load would otherwise maintain row by row, when no other data depends on them, and
 * returns how to rebuild them (`restoreSearchIndexes`), tables alternating so that builds run side by side tend to
 * read different tables. Index builds sort once; per-row inserts into HNSW, GIN and
 * wide btrees cost far more (STACK.md: HNSW inserts ~20× slower than a build).
 * - `bm25_postings` holds no row: all its indexes, primary key included (nothing references it).
 * - `chunks` holds no row: every non-unique index (HNSW, tsvector and metadata GIN, collection btree).
 * - `chunks` holds no row of this dimension: that dimension's HNSW index (each segment's) only.
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
             con.conname AS constraint_name, pg_get_constraintdef(con.oid) AS constraint_definition, con.contype::text AS constraint_type,
             i.indisunique AS is_unique
      FROM pg_index i
      JOIN pg_class x ON x.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
      LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
      WHERE i.indrelid IN ('chunks'::regclass, 'bm25_postings'::regclass)
      ORDER BY t.relname, x.relname`);
    const suspended = alternatingTables(indexes
      .filter((index) =>
        index.table_name === 'bm25_postings'
          ? state?.postings_empty === true
          : state?.chunks_empty === true
            ? !index.is_unique
            : state?.dimension_empty === true && isChunkVectorIndexName(index.index_name, dimension),
      )
      .map(toSuspended));
    for (const index of suspended) {
      await transaction.execute(
        sql.raw(index.kind === 'constraint' ? `ALTER TABLE "${index.table}" DROP CONSTRAINT "${index.name}"` : `DROP INDEX "${index.name}"`),
      );
    }
    return suspended;
  });
}

function toSuspended(row: IndexRow): SuspendedIndex {
  const keyword = row.constraint_type === 'p' ? 'PRIMARY KEY' : row.constraint_type === 'u' ? 'UNIQUE' : undefined;
  if (row.constraint_name !== null && keyword !== undefined && row.index_name === row.constraint_name) {
    const attach = `ALTER TABLE "${row.table_name}" ADD CONSTRAINT "${row.constraint_name}" ${keyword} USING INDEX "${row.index_name}"`;
    return { table: row.table_name, name: row.constraint_name, kind: 'constraint', definition: row.index_definition, attach };
  }
  if (row.constraint_name !== null && row.constraint_definition !== null) {
    const definition = `ALTER TABLE "${row.table_name}" ADD CONSTRAINT "${row.constraint_name}" ${row.constraint_definition}`;
    return { table: row.table_name, name: row.constraint_name, kind: 'constraint', definition };
  }
  return { table: row.table_name, name: row.index_name, kind: 'index', definition: row.index_definition };
}

export type RestoreOptions = {
  /** `maintenance_work_mem` of each build transaction, in MB. @default 1024 */
  maintenanceWorkMemMb?: number;
  /** Builds running at once, each on its own connection (1 on PGlite, which has one backend). @default 1 */
  concurrency?: number;
  onIndex?: (index: SuspendedIndex) => void;
  onIndexed?: (index: SuspendedIndex, milliseconds: number) => void;
};

/**
 * Rebuilds suspended indexes, each in its own transaction with `maintenance_work_mem` raised for that transaction
 * only (an HNSW or GIN build whose working set fits in memory is several times faster: STACK.md measured 100k ×
 * 384-d HNSW at 117 s with 64 MB and 30 s with 1 GB). With `concurrency` > 1 builds share the cores: GIN builds
 * are single-threaded, and the parallel btree and HNSW builds have serial phases. Builds start in list order
 * (`suspendSearchIndexes` alternates tables). One that reappeared meanwhile (start-up's `ensureVectorIndex`, say) is left alone. Calls
 * `onIndex` before and `onIndexed` after each build; after a failure no further build starts.
 */
export async function restoreSearchIndexes(
  db: Database,
  suspended: readonly SuspendedIndex[],
  { maintenanceWorkMemMb = 1024, concurrency = 1, onIndex, onIndexed }: RestoreOptions = {},
): Promise<void> {
  if (!Number.isInteger(maintenanceWorkMemMb) || maintenanceWorkMemMb < 1) throw new RangeError('maintenanceWorkMemMb must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
  const queue = [...suspended];
  const failures: unknown[] = [];
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined && failures.length === 0; index = queue.shift()) {
      onIndex?.(index);
      const started = performance.now();
      try {
        await restoreIndex(db, index, maintenanceWorkMemMb);
      } catch (error) {
        failures.push(error);
        return;
      }
      onIndexed?.(index, performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker));
  if (failures.length > 0) throw failures[0];
}

async function restoreIndex(db: Database, index: SuspendedIndex, maintenanceWorkMemMb: number): Promise<void> {
  const constraintPresent = sql`SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = ${index.name} AND conrelid = ${index.table}::regclass) AS present`;
  await db.transaction(async (transaction) => {
    // A constraint rebuilt in two steps may have its index from an interrupted earlier restore: attach that one.
    const [present] = await selectRows<{ present: boolean }>(transaction, index.kind === 'constraint' && index.attach === undefined
      ? constraintPresent
      : sql`SELECT to_regclass(${index.name}) IS NOT NULL AS present`);
    if (present?.present === true) return;
    await transaction.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${maintenanceWorkMemMb}MB'`));
    await executeDefinition(transaction, index, index.definition);
  });
  const { attach } = index;
  if (attach === undefined) return;
  // Its own transaction: ACCESS EXCLUSIVE waits for builds beside it on the table, and holds no SHARE lock meanwhile.
  await db.transaction(async (transaction) => {
    const [present] = await selectRows<{ present: boolean }>(transaction, constraintPresent);
    if (present?.present !== true) await executeDefinition(transaction, index, attach);
  });
}

async function executeDefinition(transaction: Database, index: SuspendedIndex, statement: string): Promise<void> {
  try {
    await transaction.execute(sql.raw(statement));
  } catch (error) {
    throw new Error(`rebuilding ${index.kind} ${index.name} on ${index.table} after a bulk load: ${statement}`, { cause: error });
  }
}

/** The indexes in their order within each table, taking each table in turn, so concurrent builds tend to read different tables. */
function alternatingTables(indexes: readonly SuspendedIndex[]): SuspendedIndex[] {
  const byTable = new Map<string, SuspendedIndex[]>();
  for (const index of indexes) byTable.set(index.table, [...(byTable.get(index.table) ?? []), index]);
  const lists = [...byTable.values()];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  return Array.from({ length: longest }, (_, position) => lists.flatMap((list) => list.slice(position, position + 1))).flat();
}

/** Refreshes planner statistics after a bulk load, so the first searches are not planned for empty tables. */
export async function analyzeSearchTables(db: Database): Promise<void> {
  await db.execute(sql`ANALYZE chunks, documents, bm25_postings, bm25_terms`);
}

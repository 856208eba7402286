import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { addBatchPostings, findExistingExternalIds, insertChunkRows, insertDocumentRows, type NewChunkRow, type NewDocumentRow } from '../db/bulk-insert.js';
import { lockCollectionForWrite } from '../db/collections.js';
import type { CollectionRow, DocumentRow } from '../db/schema.js';
import { isChunkVectorIndexName } from '../db/vector-index.js';
import { analyzeSearchTables, restoreSearchIndexes, suspendSearchIndexes, type SuspendedIndex } from '../db/search-index-suspension.js';
import { createLoadCopies, type LoadCopies } from '../dedup/load-copies.js';
import type { AppDeps } from '../deps.js';
import { isAppError, type ErrorCode } from '../errors.js';
import { embedBatch, prepareDocument, type Batch, type BulkDocument, type PreparedDocument } from './bulk-prepare.js';
import { assertEmbedderMatches, requireCollection } from './collections.js';
import { ingestDocument } from './ingest.js';

export type { BulkDocument } from './bulk-prepare.js';

export type BulkLoadProgress =
  | { phase: 'loading'; documents: number; chunks: number; failed: number }
  | { phase: 'indexing'; chunks: number; index: string }
  | { phase: 'indexed'; chunks: number; index: string; milliseconds: number }
  | { phase: 'done'; documents: number; chunks: number; failed: number };

export type BulkLoadFailure = { externalId: string; code: ErrorCode; message: string };

export type BulkLoadOutcome = {
  /** New documents written by the bulk path, and documents that already existed (or repeated) and went through `ingestDocument`. */
  created: number;
  updated: number;
  unchanged: number;
  chunks: number;
  failed: BulkLoadFailure[];
  /** Indexes dropped for the load and built once at the end (see `suspendSearchIndexes`); empty when other data needed them live. */
  rebuiltIndexes: string[];
  timings: { loadMs: number; indexMs: number; analyzeMs: number };
};

export type BulkLoadOptions = {
  tenantId: string;
  collection: string;
  documents: AsyncIterable<BulkDocument> | Iterable<BulkDocument>;
  onProgress?: (progress: BulkLoadProgress) => void;
  /** Chunks per write transaction. @default 2000 */
  batchChunks?: number;
  /** `maintenance_work_mem` for the index builds at the end, in MB (per build transaction; at most 256 on PGlite). @default 1024 */
  maintenanceWorkMemMb?: number;
  /** Index builds at once on a native server, each with its own `maintenance_work_mem` (PGlite builds one at a time). @default 2 */
  buildConcurrency?: number;
};

/**
 * Initial loads: the same parse → chunk → embed → rows as `ingestDocument`, so the result is identical in content,
 * but written in large batches:
 * - each batch (≈ `batchChunks` chunks) is one transaction: documents in multi-row INSERTs, chunks in one
 *   set-based INSERT from array parameters, then the batch's BM25 postings, document frequencies and collection
 *   totals in set-based SQL (`db/bulk-insert.ts`), so statistics are exact after every commit;
 * - the next batch is parsed, chunked and embedded while the database writes the previous one;
 * - search indexes that no other data needs (empty tables; for HNSW, no other vectors of the dimension) are
 *   dropped first and built once at the end with `maintenance_work_mem` raised (`suspendSearchIndexes`): HNSW, GIN
 *   and btree builds sort once, where row-by-row maintenance costs many times more; two builds run at once on a
 *   native server (`buildConcurrency`). Until the builds finish,
 *   searches of the loading collection run as scans. When other data exists, the live indexes are kept.
 * - chunks are flagged as near-identical copies as ingest flags them, each row written once with its link
 *   (`dedup/load-copies.ts`, which also finds copies among the load's own chunks while the index is suspended);
 * Documents whose external id already exists in the collection (or repeats within a batch) go through
 * `ingestDocument` after their batch commits, so re-loads keep its CREATED / UPDATED / UNCHANGED rules. A document
 * that fails validation or parsing is reported in `failed` and skipped; a database or embedder failure stops the
 * load with the batches committed so far kept, and the suspended indexes are rebuilt either way.
 */
export async function bulkLoad(deps: AppDeps, options: BulkLoadOptions): Promise<BulkLoadOutcome> {
  const { tenantId, batchChunks = 2000, onProgress } = options;
  if (!Number.isInteger(batchChunks) || batchChunks < 1) throw new RangeError('batchChunks must be a positive integer');
  // PGlite runs in a WASM heap of a few GB at most; a native server gets what was asked for.
  const maintenanceWorkMemMb = Math.min(options.maintenanceWorkMemMb ?? 1024, deps.database.kind === 'embedded' ? 256 : Infinity);
  // PGlite is one backend: a second build would only queue behind the first.
  const buildConcurrency = deps.database.kind === 'embedded' ? 1 : (options.buildConcurrency ?? 2);
  const collection = await requireCollection(deps, tenantId, options.collection);
  assertEmbedderMatches(deps, collection);
  const started = performance.now();
  const suspended = await suspendSearchIndexes(deps.db, { dimension: collection.embeddingDimension });
  const outcome: BulkLoadOutcome = {
    created: 0, updated: 0, unchanged: 0, chunks: 0, failed: [],
    rebuiltIndexes: suspended.map((index) => index.name),
    timings: { loadMs: 0, indexMs: 0, analyzeMs: 0 },
  };
  const report = (phase: 'loading' | 'done') =>
    onProgress?.({ phase, documents: outcome.created + outcome.updated + outcome.unchanged, chunks: outcome.chunks, failed: outcome.failed.length });
  const postingsIndexed = !suspended.some((index) => index.table === 'bm25_postings');
  const copies = createLoadCopies({
    collection,
    segments: deps.config.vectorIndex.segments,
    // A suspended chunk index means no vectors of the dimension were stored: nothing to probe, and no index to do it.
    probeStored: !suspended.some((index) => isChunkVectorIndexName(index.name, collection.embeddingDimension)),
  });
  const loaded = await loadBatches(deps, { collection, options, batchChunks, outcome, postingsIndexed, copies, onBatch: () => report('loading') }).then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  outcome.timings.loadMs = performance.now() - started;
  try {
    await rebuild(deps, suspended, { maintenanceWorkMemMb, buildConcurrency, outcome, onProgress });
  } catch (error) {
    if (loaded.ok) throw error;
    // The load's own failure is the one to report; this one is logged so the missing index is not a mystery.
    deps.logger.error({ err: error, collection: collection.name }, 'rebuilding search indexes after a failed bulk load');
  }
  if (!loaded.ok) throw loaded.error;
  const analyzeStarted = performance.now();
  await analyzeSearchTables(deps.db);
  outcome.timings.analyzeMs = performance.now() - analyzeStarted;
  report('done');
  return outcome;
}

async function rebuild(
  deps: AppDeps,
  suspended: readonly SuspendedIndex[],
  {
    maintenanceWorkMemMb,
    buildConcurrency,
    outcome,
    onProgress,
  }: { maintenanceWorkMemMb: number; buildConcurrency: number; outcome: BulkLoadOutcome; onProgress: BulkLoadOptions['onProgress'] },
): Promise<void> {
  const started = performance.now();
  await restoreSearchIndexes(deps.db, suspended, {
    maintenanceWorkMemMb,
    concurrency: buildConcurrency,
    onIndex: (index) => onProgress?.({ phase: 'indexing', chunks: outcome.chunks, index: index.name }),
    onIndexed: (index, milliseconds) => onProgress?.({ phase: 'indexed', chunks: outcome.chunks, index: index.name, milliseconds }),
  });
  outcome.timings.indexMs = performance.now() - started;
}


const YIELD_EVERY_DOCUMENTS = 16;

/** Reads, prepares and writes batches; a batch is written while the next one is prepared. */
async function loadBatches(
  deps: AppDeps,
  {
    collection,
    options,
    batchChunks,
    outcome,
    postingsIndexed,
    copies,
    onBatch,
  }: { collection: CollectionRow; options: BulkLoadOptions; batchChunks: number; outcome: BulkLoadOutcome; postingsIndexed: boolean; copies: LoadCopies; onBatch: () => void },
): Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  let batch: Batch = { documents: [], chunkCount: 0 };
  const flush = async () => {
    const rows = await embedBatch(deps, collection, batch);
    const current = batch;
    batch = { documents: [], chunkCount: 0 };
    await writing;
    writing = writeBatch(deps, { collection, batch: current, rows, outcome, tenantId: options.tenantId, postingsIndexed, copies }).then(onBatch);
    // Observed later by `await writing`; this only keeps an early failure from counting as unhandled meanwhile.
    writing.catch(() => undefined);
  };
  let read = 0;
  try {
    for await (const input of options.documents) {
      const prepared = await prepareDocument(deps, collection, input).catch((error: unknown) => {
        outcome.failed.push(failure(input.externalId, error));
        return undefined;
      });
      if (prepared !== undefined) {
        batch.documents.push(prepared);
        batch.chunkCount += prepared.chunks.length;
      }
      // Chunking never waits on I/O: yield now and then so the statements of the batch being written keep flowing.
      if (++read % YIELD_EVERY_DOCUMENTS === 0) await yieldToEventLoop();
      if (batch.chunkCount >= batchChunks) await flush();
    }
    if (batch.documents.length > 0) await flush();
  } catch (error) {
    // Never leave a write running behind the caller's back (the index rebuild follows).
    await writing.catch(() => undefined);
    throw error;
  }
  await writing;
}

/**
 * One transaction: new documents and their chunks with statistics. Documents that exist already (or repeat in the
 * batch) then go through `ingestDocument` in input order, exactly as a one-by-one load would have treated them.
 */
async function writeBatch(
  deps: AppDeps,
  {
    tenantId,
    collection,
    batch,
    rows,
    outcome,
    postingsIndexed,
    copies,
  }: { tenantId: string; collection: CollectionRow; batch: Batch; rows: Map<string, NewChunkRow[]>; outcome: BulkLoadOutcome; postingsIndexed: boolean; copies: LoadCopies },
): Promise<void> {
  const deferred: PreparedDocument[] = [];
  await deps.db.transaction(async (transaction) => {
    await lockCollectionForWrite(transaction, tenantId, collection.id);
    const externalIds = batch.documents.map((prepared) => prepared.document.externalId);
    const existing = await findExistingExternalIds(transaction, { tenantId, collectionId: collection.id, externalIds });
    const fresh: PreparedDocument[] = [];
    const seen = new Set<string>();
    for (const prepared of batch.documents) {
      const { externalId } = prepared.document;
      (existing.has(externalId) || seen.has(externalId) ? deferred : fresh).push(prepared);
      seen.add(externalId);
    }
    await insertDocumentRows(transaction, fresh.map(({ document }) => documentValues(document)));
    const rowsByDocument = fresh.map(({ document }) => rows.get(document.id) ?? []);
    // Each row is written once, with its near-duplicate link, as ingest writes it.
    const links = await copies.linkBatch(transaction, rowsByDocument);
    const chunkRowsOfBatch = rowsByDocument.flat().map((row) => ({ ...row, duplicateOf: links.get(row.id) ?? null }));
    if (chunkRowsOfBatch.length > 0) {
      const scope = { tenantId, collectionId: collection.id };
      const totals = await insertChunkRows(transaction, { ...scope, rows: chunkRowsOfBatch });
      await addBatchPostings(transaction, { ...scope, chunkIds: chunkRowsOfBatch.map((row) => row.id), totals, indexed: postingsIndexed });
    }
    outcome.created += fresh.length;
    outcome.chunks += chunkRowsOfBatch.length;
  });
  for (const { input } of deferred) {
    try {
      const result = await ingestDocument(deps, { ...input, tenantId, collection: collection.name });
      if (result.status === 'CREATED') outcome.created += 1;
      else if (result.status === 'UPDATED') outcome.updated += 1;
      else outcome.unchanged += 1;
      if (result.status !== 'UNCHANGED') outcome.chunks += result.chunkCount;
    } catch (error) {
      outcome.failed.push(failure(input.externalId, error));
    }
  }
}

function documentValues(document: DocumentRow): NewDocumentRow {
  const { createdAt: _createdAt, updatedAt: _updatedAt, status: _status, ...values } = document;
  return values;
}

function failure(externalId: string, error: unknown): BulkLoadFailure {
  if (isAppError(error)) return { externalId, code: error.code, message: error.message };
  return { externalId, code: 'INTERNAL_SERVER_ERROR', message: error instanceof Error ? error.message : String(error) };
}

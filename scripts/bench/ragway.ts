import { sql } from 'drizzle-orm';
import pino from 'pino';
import { buildApp, type App } from '../../src/app.js';
import type { Cache } from '../../src/cache/cache.js';
import { loadConfig } from '../../src/config.js';
import { selectRows } from '../../src/db/client.js';
import type { CollectionRow } from '../../src/db/schema.js';
import type { AppDeps } from '../../src/deps.js';
import { bulkLoad, type BulkDocument, type BulkLoadOutcome } from '../../src/ingestion/bulk-load.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import type { Embedder } from '../../src/llm/embedder.js';
import { NO_FILTER } from '../../src/retrieval/filter.js';
import { search, type SearchMode } from '../../src/retrieval/search.js';
import { scanVector } from '../../src/retrieval/vector-leg.js';
import { createProgress, note } from './progress.js';
import { integer } from './table.js';

/** ragway as the bench drives it: its own services on a native PostgreSQL database, no HTTP in between. */
export type RagwaySide = {
  app: App;
  /** The services as built (with the configured cache: Redis or the in-process LRU). */
  cached: AppDeps;
  /** The same services with a cache that never hits, and query embeddings taken from `queryVectors` first. */
  uncached: AppDeps;
  tenantId: string;
  queryVectors: Map<string, number[]>;
};

export async function openRagway(
  url: string,
  { redisUrl, poolSize = 40, vectorSegments = 1 }: { redisUrl: string | undefined; poolSize?: number; vectorSegments?: number },
): Promise<RagwaySide> {
  const environment: Record<string, string> = {
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    CACHE_KEY_PREFIX: `bench${process.pid}:`,
    VECTOR_INDEX_SEGMENTS: String(vectorSegments),
  };
  if (redisUrl !== undefined) environment['REDIS_URL'] = redisUrl;
  const app = await buildApp(loadConfig(environment), { logger: pino({ level: 'warn' }), database: { poolSize } });
  const queryVectors = new Map<string, number[]>();
  const uncached: AppDeps = { ...app.deps, cache: neverHits(app.deps.cache), embedder: precomputed(app.deps.embedder, queryVectors) };
  return { app, cached: { ...app.deps, embedder: uncached.embedder }, uncached, tenantId: app.deps.defaultTenantId, queryVectors };
}

function neverHits(cache: Cache): Cache {
  return {
    kind: cache.kind,
    get: async () => undefined,
    set: async () => {},
    delete: async () => {},
    ping: () => cache.ping(),
    close: async () => {},
  };
}

/** Query embeddings computed before the timed runs ("query embedding cached"), the embedder for anything else. */
function precomputed(embedder: Embedder, vectors: ReadonlyMap<string, number[]>): Embedder {
  return {
    model: embedder.model,
    dimension: embedder.dimension,
    embedDocuments: (texts, options) => embedder.embedDocuments(texts, options),
    embedQuery: async (text, options) => vectors.get(text) ?? embedder.embedQuery(text, options),
  };
}

export async function createBenchCollection(side: RagwaySide, name: string, options: { chunkSize?: number; chunkOverlap?: number } = {}): Promise<CollectionRow> {
  return createCollection(side.app.deps, { tenantId: side.tenantId, name, ...options });
}

/** Bulk load with a progress bar over `total` documents; returns the outcome and the wall time including index builds and ANALYZE. */
export async function bulkLoadWithProgress(
  side: RagwaySide,
  { collection, documents, total, label, maintenanceWorkMemMb }: { collection: string; documents: AsyncIterable<BulkDocument>; total: number; label: string; maintenanceWorkMemMb: number },
): Promise<{ outcome: BulkLoadOutcome; seconds: number }> {
  const progress = createProgress(label, total);
  const started = performance.now();
  // Builds may run side by side, so each one's own duration, as the loader reports it.
  const durations: string[] = [];
  const outcome = await bulkLoad(side.app.deps, {
    tenantId: side.tenantId,
    collection,
    documents,
    maintenanceWorkMemMb,
    onProgress: (event) => {
      if (event.phase === 'loading') progress.update(event.documents, `${integer(event.chunks)} chunks, ${rate(event.chunks, started)} chunks/s`);
      else if (event.phase === 'indexing') progress.update(total, `building ${event.index}`);
      else if (event.phase === 'indexed') durations.push(`${event.index} ${(event.milliseconds / 1000).toFixed(1)} s`);
    },
  });
  progress.stop();
  const { indexMs, analyzeMs } = outcome.timings;
  if (durations.length > 0) note(`${label}: index builds ${(indexMs / 1000).toFixed(1)} s wall: ${durations.join(', ')}; ANALYZE ${(analyzeMs / 1000).toFixed(1)} s`);
  if (outcome.failed.length > 0) throw new Error(`bulk load failed for ${outcome.failed.length} documents, first: ${JSON.stringify(outcome.failed[0])}`);
  return { outcome, seconds: (performance.now() - started) / 1000 };
}

/** One `ingestDocument` per document, in order, into the indexed collection. Returns chunks and seconds. */
export async function ingestOneByOne(side: RagwaySide, { collection, documents, label }: { collection: string; documents: readonly BulkDocument[]; label: string }): Promise<{ chunks: number; seconds: number }> {
  const progress = createProgress(label, documents.length);
  const started = performance.now();
  let chunks = 0;
  for (const [index, document] of documents.entries()) {
    chunks += (await ingestDocument(side.app.deps, { tenantId: side.tenantId, collection, ...document })).chunkCount;
    progress.update(index + 1);
  }
  progress.stop();
  return { chunks, seconds: (performance.now() - started) / 1000 };
}

export type SearchCall = { query: string; filter?: Record<string, unknown> };

/** One search through the service (uncached unless `deps` is the cached graph); returns the hit chunk ids. */
export async function searchIds(deps: AppDeps, tenantId: string, { collection, mode, limit = 10 }: { collection: string; mode: SearchMode; limit?: number }, call: SearchCall): Promise<string[]> {
  const { hits } = await search(deps, { tenantId, collection, query: call.query, mode, limit, filter: call.filter ? { metadata: call.filter } : undefined });
  return hits.map((hit) => hit.chunkId);
}

/** Exact top-k by cosine distance: the expression lacks the index's typmod cast, so no ANN index can serve it. */
export async function exactNearestChunks(side: RagwaySide, collection: CollectionRow, vector: readonly number[], { limit = 10, filter }: { limit?: number; filter?: Record<string, unknown> } = {}): Promise<string[]> {
  const filterSql = filter === undefined ? sql`` : sql`AND metadata @> ${JSON.stringify(filter)}::jsonb`;
  const rows = await selectRows<{ id: string }>(side.app.deps.db, sql`
    SELECT id FROM chunks
    WHERE tenant_id = ${collection.tenantId} AND collection_id = ${collection.id} AND embedding_dimension = ${collection.embeddingDimension} ${filterSql}
    ORDER BY embedding <=> ${`[${vector.join(',')}]`}::vector, id
    LIMIT ${limit}`);
  return rows.map((row) => row.id);
}

/** External ids (and, with `withOrdinal`, "id#ordinal") of chunk ids, in the given order. */
export async function externalIdsOfChunks(side: RagwaySide, chunkIds: readonly string[]): Promise<string[]> {
  if (chunkIds.length === 0) return [];
  const rows = await selectRows<{ id: string; external_id: string }>(side.app.deps.db, sql`
    SELECT c.id, d.external_id FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id = ANY(${sql.param(chunkIds)}::uuid[])`);
  const byId = new Map(rows.map((row) => [row.id, row.external_id]));
  return chunkIds.map((id) => byId.get(id) ?? '');
}

export function rate(count: number, startedAt: number): string {
  return integer(count / ((performance.now() - startedAt) / 1000));
}

/**
 * The vector leg itself (segments, iterative scan, exact branches) with a chosen `hnsw.ef_search`, for the
 * recall/latency trade-off beside the leg's own setting. Returns ids (the best `limit` of the leg's 40 candidates)
 * and the wall time of the leg, its transaction setting ef_search included.
 */
export async function approximateNearestChunks(side: RagwaySide, collection: CollectionRow, vector: readonly number[], { efSearch, limit = 10 }: { efSearch: number; limit?: number }): Promise<{ ids: string[]; ms: number }> {
  const started = performance.now();
  const { hits } = await scanVector(side.uncached.db, {
    collection,
    embedding: vector,
    limit: LEG_CANDIDATES,
    filter: NO_FILTER,
    efSearch,
    segments: side.app.deps.config.vectorIndex.segments,
  });
  return { ids: hits.slice(0, limit).map((hit) => hit.chunkId), ms: performance.now() - started };
}

/** What VECTOR mode asks its leg for at the bench's page size of 10: K = max(4 × 10, 40) (retrieval/search.ts). */
const LEG_CANDIDATES = 40;

import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { findChunksByDocumentIds, findChunksByIds, type ChunkView } from '../db/chunks.js';
import { selectRows } from '../db/client.js';
import { findCollectionsByIds } from '../db/collections.js';
import { findDocumentsByIds } from '../db/documents.js';
import type { CollectionRow, DocumentRow } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { highlightChunks } from '../retrieval/highlight.js';

/**
 * Per-request DataLoaders: every batch function answers in key order through `inKeyOrder`, and every query is scoped
 * to the request's tenant, so a cached entry can never cross tenants.
 */
export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(deps: AppDeps, tenantId: string) {
  const { db } = deps;
  return {
    chunk: new DataLoader<string, ChunkView | undefined>(async (ids) =>
      inKeyOrder(ids, await findChunksByIds(db, tenantId, ids), (chunk) => chunk.id),
    ),
    document: new DataLoader<string, DocumentRow | undefined>(async (ids) =>
      inKeyOrder(ids, await findDocumentsByIds(db, tenantId, ids), (document) => document.id),
    ),
    collection: new DataLoader<string, CollectionRow | undefined>(async (ids) =>
      inKeyOrder(ids, await findCollectionsByIds(db, tenantId, ids), (collection) => collection.id),
    ),
    chunksOfDocument: new DataLoader<string, ChunkView[]>(async (documentIds) => {
      const rows = await findChunksByDocumentIds(db, tenantId, documentIds);
      return documentIds.map((id) => rows.filter((row) => row.documentId === id));
    }),
    documentCount: new DataLoader<string, number>(async (collectionIds) => {
      const rows = await selectRows<{ collection_id: string; count: number }>(db, sql`
        SELECT collection_id, count(*)::int AS count FROM documents
        WHERE tenant_id = ${tenantId} AND collection_id = ANY(${sql.param(collectionIds)}::uuid[])
        GROUP BY collection_id`);
      const counts = new Map(rows.map((row) => [row.collection_id, row.count]));
      return collectionIds.map((id) => counts.get(id) ?? 0);
    }),
    /** Keyed by query + config + chunk so one search's highlights come from one statement. */
    highlight: new DataLoader<{ chunkId: string; query: string; textSearchConfig: string }, string | null, string>(
      async (keys) => {
        const byQuery = new Map<string, { query: string; textSearchConfig: string; chunkIds: string[] }>();
        for (const key of keys) {
          const group = byQuery.get(queryKey(key)) ?? { query: key.query, textSearchConfig: key.textSearchConfig, chunkIds: [] };
          group.chunkIds.push(key.chunkId);
          byQuery.set(queryKey(key), group);
        }
        const results = new Map<string, string>();
        for (const group of byQuery.values()) {
          const snippets = await highlightChunks(db, { tenantId, ...group });
          for (const [chunkId, snippet] of snippets) results.set(highlightKey({ ...group, chunkId }), snippet);
        }
        return keys.map((key) => results.get(highlightKey(key)) ?? null);
      },
      { cacheKeyFn: highlightKey },
    ),
  };
}

/** Orders batch results to match the keys (DataLoader's contract); missing keys map to undefined. */
export function inKeyOrder<Key, Row>(keys: readonly Key[], rows: readonly Row[], keyOf: (row: Row) => Key): (Row | undefined)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key));
}

type HighlightKey = { chunkId: string; query: string; textSearchConfig: string };
const queryKey = (key: Omit<HighlightKey, 'chunkId'>) => `${key.textSearchConfig}\u0000${key.query}`;
const highlightKey = (key: HighlightKey) => `${queryKey(key)}\u0000${key.chunkId}`;

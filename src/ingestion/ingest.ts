import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { addDocumentStatistics, removeDocumentStatistics } from '../db/bm25-stats.js';
import { countChunksOfDocument, deleteChunksOfDocument, findEmbeddingsByHash, insertChunks, type NewChunk } from '../db/chunks.js';
import type { Database } from '../db/client.js';
import { lockCollectionForWrite } from '../db/collections.js';
import { deleteDocumentRow, findDocumentByExternalId, upsertDocument } from '../db/documents.js';
import type { CollectionRow, DocumentRow } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { assertEmbedderMatches, requireCollection } from './collections.js';
import { chunkDocument, type Chunk } from './chunk.js';
import { detectMimeType, parseDocument } from './parse.js';
import { validateContentSize, validateExternalId, validateMetadata, validateTitle } from './validate.js';
import { embedChunks } from './embed-chunks.js';

export type IngestStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED';

export type IngestDocumentInput = {
  tenantId: string;
  collection: string;
  externalId: string;
  content: string;
  title?: string | null | undefined;
  mimeType?: string | null | undefined;
  source?: string | null | undefined;
  metadata?: unknown;
};

export type IngestOutcome = { document: DocumentRow; status: IngestStatus; chunkCount: number };

/**
 * parse → chunk → embed (outside any transaction: the slow, failure-prone part) → one transaction writes the
 * document, its chunks and the BM25 statistics. Same external id, content, title and metadata ⇒ UNCHANGED with no
 * write; otherwise the document's chunks are replaced atomically. Chunks whose text did not change reuse their
 * stored embeddings. Any failure leaves the database as it was.
 */
export async function ingestDocument(deps: AppDeps, input: IngestDocumentInput): Promise<IngestOutcome> {
  validateExternalId(input.externalId);
  validateTitle(input.title);
  validateContentSize(input.content, deps.config.limits.maxDocumentBytes);
  const metadata = validateMetadata(input.metadata);
  const mimeType = detectMimeType(undefined, input.mimeType ?? 'text/plain');
  const collection = await requireCollection(deps, input.tenantId, input.collection);
  assertEmbedderMatches(deps, collection);
  const title = input.title ?? null;
  // The title is part of the hash: it is embedded with every chunk, so a new title means new vectors.
  const contentHash = sha256(JSON.stringify([mimeType, title, input.content]));
  const scope = { tenantId: input.tenantId, collectionId: collection.id, externalId: input.externalId };
  const existing = await findDocumentByExternalId(deps.db, scope);
  if (existing !== undefined && existing.contentHash === contentHash && isDeepStrictEqual(existing.metadata, metadata)) {
    return { document: existing, status: 'UNCHANGED', chunkCount: await countChunksOfDocument(deps.db, existing.tenantId, existing.id) };
  }
  const parsed = parseDocument({ content: input.content, mimeType });
  const chunks = await chunkDocument(parsed, { chunkSize: collection.chunkSize, chunkOverlap: collection.chunkOverlap });
  const reusable = existing === undefined ? new Map<string, number[]>() : await findEmbeddingsByHash(deps.db, { tenantId: input.tenantId, documentId: existing.id });
  const embedded = await embedChunks(deps.embedder, { chunks, title: title ?? parsed.title ?? null, reusable, label: input.externalId });
  const document = await deps.db.transaction(async (transaction) => {
    await lockCollectionForWrite(transaction, input.tenantId, collection.id);
    const current = await findDocumentByExternalId(transaction, scope);
    if (current !== undefined) await removeDocument(transaction, current, { keepRow: true });
    const row = await upsertDocument(transaction, {
      ...scope,
      title: title ?? parsed.title ?? null,
      source: input.source ?? null,
      mimeType,
      contentHash,
      metadata,
      charCount: parsed.text.length,
    });
    await insertChunks(transaction, chunkRows({ collection, document: row, chunks, embedded, metadata }));
    await addDocumentStatistics(transaction, { tenantId: input.tenantId, collectionId: collection.id, documentId: row.id });
    return row;
  });
  return { document, status: existing === undefined ? 'CREATED' : 'UPDATED', chunkCount: chunks.length };
}

/** Removes a document's chunks and their statistics (and the row itself unless `keepRow`). Call inside a write transaction. */
export async function removeDocument(transaction: Database, document: DocumentRow, { keepRow }: { keepRow: boolean }): Promise<void> {
  const scope = { tenantId: document.tenantId, collectionId: document.collectionId, documentId: document.id };
  await removeDocumentStatistics(transaction, scope);
  await deleteChunksOfDocument(transaction, document.tenantId, document.id);
  if (!keepRow) await deleteDocumentRow(transaction, document.tenantId, document.id);
}

function chunkRows({
  collection,
  document,
  chunks,
  embedded,
  metadata,
}: {
  collection: CollectionRow;
  document: DocumentRow;
  chunks: readonly Chunk[];
  embedded: readonly { contentHash: string; embedding: number[] }[];
  metadata: Record<string, unknown>;
}): NewChunk[] {
  return chunks.map((chunk, index) => {
    const vector = embedded[index];
    if (vector === undefined) throw new Error(`chunk ${index} of ${document.externalId} has no embedding`);
    return {
      tenantId: collection.tenantId,
      collectionId: collection.id,
      documentId: document.id,
      ordinal: chunk.ordinal,
      content: chunk.content,
      contentHash: vector.contentHash,
      tokenCount: chunk.tokenCount,
      charStart: chunk.charStart,
      charEnd: chunk.charEnd,
      headingPath: chunk.headingPath,
      page: null,
      metadata,
      textSearchConfig: collection.textSearchConfig,
      embeddingDimension: collection.embeddingDimension,
      embedding: vector.embedding,
    };
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

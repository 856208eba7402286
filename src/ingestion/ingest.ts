import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { removeDocumentStatistics } from '../db/bm25-stats.js';
import { insertChunksWithStatistics, type NewChunkRow } from '../db/bulk-insert.js';
import { countChunksOfDocument, deleteChunksOfDocument, findEmbeddingsByHash, type NewChunk } from '../db/chunks.js';
import type { Database } from '../db/client.js';
import { lockCollectionForWrite } from '../db/collections.js';
import { deleteDocumentRow, findDocumentByExternalId, upsertDocument } from '../db/documents.js';
import type { CollectionRow, DocumentRow } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { findNearDuplicateChunks } from '../dedup/chunk-duplicates.js';
import { assertEmbedderMatches, requireCollection } from './collections.js';
import { chunkDocument, type Chunk } from './chunk.js';
import { indexTextFor } from '../text/cjk.js';
import { detectMimeType, pageAt, parseDocument, type ParsedDocument, type Section } from './parse.js';
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
 * A document whose content the caller has already identified (uploaded PDF or DOCX): `contentHash` decides UNCHANGED
 * before the comparatively slow `parse` runs; `mimeType` is stored as given.
 */
export type IngestSourceInput = Omit<IngestDocumentInput, 'content' | 'mimeType'> & {
  mimeType: string;
  contentHash: string;
  parse(): Promise<ParsedDocument>;
};

/**
 * parse → chunk → embed (outside any transaction: the slow, failure-prone part) → one transaction writes the
 * document, its chunks (each row once, complete with its near-duplicate link) and the BM25 statistics. Same external
 * id, content, title and metadata ⇒ UNCHANGED with no write; otherwise the document's chunks are replaced
 * atomically. Chunks whose text did not change reuse their stored embeddings. Any failure leaves the database as it
 * was.
 */
export async function ingestDocument(deps: AppDeps, input: IngestDocumentInput): Promise<IngestOutcome> {
  validateExternalId(input.externalId);
  validateTitle(input.title);
  validateContentSize(input.content, deps.config.limits.maxDocumentBytes);
  const mimeType = detectMimeType(undefined, input.mimeType ?? 'text/plain');
  const { content, ...rest } = input;
  // The title is part of the hash: it is embedded with every chunk, so a new title means new vectors.
  const contentHash = sha256(JSON.stringify([mimeType, input.title ?? null, content]));
  return ingestSource(deps, { ...rest, mimeType, contentHash, parse: async () => parseDocument({ content, mimeType }) });
}

/** `ingestDocument` for content the caller parses: same checks, same UNCHANGED rule, same single transaction. */
export async function ingestSource(deps: AppDeps, input: IngestSourceInput): Promise<IngestOutcome> {
  validateExternalId(input.externalId);
  validateTitle(input.title);
  const metadata = validateMetadata(input.metadata);
  const { mimeType, contentHash } = input;
  const collection = await requireCollection(deps, input.tenantId, input.collection);
  assertEmbedderMatches(deps, collection);
  const title = input.title ?? null;
  const scope = { tenantId: input.tenantId, collectionId: collection.id, externalId: input.externalId };
  const existing = await findDocumentByExternalId(deps.db, scope);
  if (existing !== undefined && existing.contentHash === contentHash && isDeepStrictEqual(existing.metadata, metadata)) {
    return { document: existing, status: 'UNCHANGED', chunkCount: await countChunksOfDocument(deps.db, existing.tenantId, existing.id) };
  }
  const parsed = await input.parse();
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
    const rows = chunkRows({ collection, document: row, chunks, embedded, metadata, sections: parsed.sections });
    await insertChunksWithStatistics(transaction, {
      tenantId: input.tenantId,
      collectionId: collection.id,
      rows: await withDuplicateLinks(transaction, collection, rows, deps.config.vectorIndex.segments),
    });
    return row;
  });
  return { document, status: existing === undefined ? 'CREATED' : 'UPDATED', chunkCount: chunks.length };
}

/** Gives the rows their ids and `duplicate_of` (near-identical earlier chunks), so each is inserted once, complete. */
async function withDuplicateLinks(transaction: Database, collection: CollectionRow, rows: readonly NewChunk[], segments: number): Promise<NewChunkRow[]> {
  const identified = rows.map((row) => ({ ...row, id: randomUUID() }));
  const links = await findNearDuplicateChunks(transaction, { collection, documents: [identified], segments });
  return identified.map((row) => ({ ...row, duplicateOf: links.get(row.id) ?? null }));
}

/** Removes a document's chunks and their statistics (and the row itself unless `keepRow`). Call inside a write transaction. */
export async function removeDocument(transaction: Database, document: DocumentRow, { keepRow }: { keepRow: boolean }): Promise<void> {
  const scope = { tenantId: document.tenantId, collectionId: document.collectionId, documentId: document.id };
  await removeDocumentStatistics(transaction, scope);
  await deleteChunksOfDocument(transaction, document.tenantId, document.id);
  if (!keepRow) await deleteDocumentRow(transaction, document.tenantId, document.id);
}

/** The chunk rows of one document exactly as ingest writes them (the bulk loader builds its rows here too). */
export function chunkRows({
  collection,
  document,
  chunks,
  embedded,
  metadata,
  sections,
}: {
  collection: CollectionRow;
  document: DocumentRow;
  chunks: readonly Chunk[];
  embedded: readonly { contentHash: string; embedding: number[] }[];
  metadata: Record<string, unknown>;
  sections: readonly Section[];
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
      page: pageAt(sections, chunk.charStart),
      metadata,
      textSearchConfig: collection.textSearchConfig,
      indexText: indexTextFor(collection.tokenizer, chunk.content),
      embeddingDimension: collection.embeddingDimension,
      embedding: vector.embedding,
    };
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

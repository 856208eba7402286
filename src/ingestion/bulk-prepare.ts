import { createHash, randomUUID } from 'node:crypto';
import type { NewChunkRow } from '../db/bulk-insert.js';
import type { CollectionRow, DocumentRow } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { chunkDocument, type Chunk } from './chunk.js';
import { embeddingText } from './embed-chunks.js';
import { chunkRows, sha256, type IngestDocumentInput } from './ingest.js';
import { detectMimeType, parseDocument, type Section } from './parse.js';
import { validateContentSize, validateExternalId, validateMetadata, validateTitle } from './validate.js';

/*
 * The CPU side of a bulk load, kept identical to `ingestDocument`'s: the same validation, content hash, parsing,
 * chunking, embedding text and chunk rows (`chunkRows` is ingest's own), only embedded a batch at a time.
 */

export type BulkDocument = Omit<IngestDocumentInput, 'tenantId' | 'collection'>;
export type PreparedDocument = { input: BulkDocument; document: DocumentRow; chunks: Chunk[]; sections: Section[]; texts: string[] };
export type Batch = { documents: PreparedDocument[]; chunkCount: number };

/** `ingestDocument`'s validation, hash, parse and chunking for one document; no database access. */
export async function prepareDocument(deps: AppDeps, collection: CollectionRow, input: BulkDocument): Promise<PreparedDocument> {
  validateExternalId(input.externalId);
  validateTitle(input.title);
  validateContentSize(input.content, deps.config.limits.maxDocumentBytes);
  const mimeType = detectMimeType(undefined, input.mimeType ?? 'text/plain');
  const metadata = validateMetadata(input.metadata);
  const contentHash = sha256(JSON.stringify([mimeType, input.title ?? null, input.content]));
  const parsed = parseDocument({ content: input.content, mimeType });
  const chunks = await chunkDocument(parsed, { chunkSize: collection.chunkSize, chunkOverlap: collection.chunkOverlap });
  const title = input.title ?? parsed.title ?? null;
  const now = new Date();
  const document: DocumentRow = {
    id: randomUUID(),
    tenantId: collection.tenantId,
    collectionId: collection.id,
    externalId: input.externalId,
    title,
    source: input.source ?? null,
    mimeType,
    contentHash,
    metadata,
    status: 'ready',
    charCount: parsed.text.length,
    createdAt: now,
    updatedAt: now,
  };
  return { input, document, chunks, sections: parsed.sections, texts: chunks.map((chunk) => embeddingText(chunk, title)) };
}

/** Embeds every distinct chunk text of the batch in one embedder call and builds the rows `ingestDocument` would write. */
export async function embedBatch(deps: AppDeps, collection: CollectionRow, batch: Batch): Promise<Map<string, NewChunkRow[]>> {
  const { embedder } = deps;
  const missing = new Map<string, string>();
  const hashesOf = batch.documents.map((prepared) =>
    prepared.texts.map((text) => {
      const hash = createHash('sha256').update(text).digest('hex');
      if (!missing.has(hash)) missing.set(hash, text);
      return hash;
    }),
  );
  let vectors: number[][];
  try {
    vectors = await embedder.embedDocuments([...missing.values()]);
  } catch (error) {
    throw new Error(`embedding a bulk batch of ${missing.size} chunks (from ${batch.documents[0]?.input.externalId ?? '?'})`, { cause: error });
  }
  const byHash = new Map<string, number[]>();
  [...missing.keys()].forEach((hash, index) => {
    const vector = vectors[index];
    if (vector === undefined || vector.length !== embedder.dimension || !vector.every(Number.isFinite)) {
      throw new Error(`embedder returned an invalid vector in a bulk batch starting at ${batch.documents[0]?.input.externalId ?? '?'}`);
    }
    byHash.set(hash, vector);
  });
  const rows = new Map<string, NewChunkRow[]>();
  batch.documents.forEach((prepared, index) => {
    const embedded = (hashesOf[index] ?? []).map((hash) => ({ contentHash: hash, embedding: byHash.get(hash) ?? [] }));
    const { document, chunks, sections } = prepared;
    const documentRows = chunkRows({ collection, document, chunks, embedded, metadata: document.metadata, sections });
    rows.set(document.id, documentRows.map((row) => ({ ...row, id: randomUUID() })));
  });
  return rows;
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { chunks, type ChunkRow } from './schema.js';

export type NewChunk = Omit<typeof chunks.$inferInsert, 'id' | 'tsv' | 'termCount'>;
/** A chunk as the API reads it: everything but the embedding and tsvector, which are large and internal. */
export type ChunkView = Omit<ChunkRow, 'embedding' | 'tsv' | 'indexText'>;

const chunkViewColumns = {
  id: chunks.id,
  tenantId: chunks.tenantId,
  collectionId: chunks.collectionId,
  documentId: chunks.documentId,
  ordinal: chunks.ordinal,
  content: chunks.content,
  contentHash: chunks.contentHash,
  tokenCount: chunks.tokenCount,
  charStart: chunks.charStart,
  charEnd: chunks.charEnd,
  headingPath: chunks.headingPath,
  page: chunks.page,
  metadata: chunks.metadata,
  textSearchConfig: chunks.textSearchConfig,
  termCount: chunks.termCount,
  embeddingDimension: chunks.embeddingDimension,
  duplicateOf: chunks.duplicateOf,
};

export async function findChunksByIds(db: Database, tenantId: string, ids: readonly string[]): Promise<ChunkView[]> {
  if (ids.length === 0) return [];
  return db
    .select(chunkViewColumns)
    .from(chunks)
    .where(and(eq(chunks.tenantId, tenantId), sql`${chunks.id} = ANY(${sql.param(ids)}::uuid[])`));
}

export async function findChunksByDocumentIds(
  db: Database,
  tenantId: string,
  documentIds: readonly string[],
): Promise<ChunkView[]> {
  if (documentIds.length === 0) return [];
  return db
    .select(chunkViewColumns)
    .from(chunks)
    .where(and(eq(chunks.tenantId, tenantId), sql`${chunks.documentId} = ANY(${sql.param(documentIds)}::uuid[])`))
    .orderBy(asc(chunks.documentId), asc(chunks.ordinal));
}

/** Embeddings of a document's current chunks by content hash, so re-ingesting changed text re-embeds only new chunks. */
export async function findEmbeddingsByHash(
  db: Database,
  { tenantId, documentId }: { tenantId: string; documentId: string },
): Promise<Map<string, number[]>> {
  const rows = await db
    .select({ contentHash: chunks.contentHash, embedding: chunks.embedding })
    .from(chunks)
    .where(and(eq(chunks.tenantId, tenantId), eq(chunks.documentId, documentId)));
  return new Map(rows.map((row) => [row.contentHash, row.embedding]));
}

export async function deleteChunksOfDocument(db: Database, tenantId: string, documentId: string): Promise<void> {
  await db.delete(chunks).where(and(eq(chunks.tenantId, tenantId), eq(chunks.documentId, documentId)));
}

export async function countChunksOfDocument(db: Database, tenantId: string, documentId: string): Promise<number> {
  const rows = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(chunks)
    .where(and(eq(chunks.tenantId, tenantId), eq(chunks.documentId, documentId)));
  return rows[0]?.count ?? 0;
}

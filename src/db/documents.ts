import { and, eq, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { documents, type DocumentRow } from './schema.js';

export type DocumentValues = Omit<typeof documents.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export async function findDocumentByExternalId(
  db: Database,
  { tenantId, collectionId, externalId }: { tenantId: string; collectionId: string; externalId: string },
): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(
      and(eq(documents.tenantId, tenantId), eq(documents.collectionId, collectionId), eq(documents.externalId, externalId)),
    );
  return row;
}

export async function findDocumentsByIds(db: Database, tenantId: string, ids: readonly string[]): Promise<DocumentRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), sql`${documents.id} = ANY(${sql.param(ids)}::uuid[])`));
}

/** Resolves external ids within one collection to document ids (used by search filters). */
export async function findDocumentIdsByExternalIds(
  db: Database,
  { tenantId, collectionId, externalIds }: { tenantId: string; collectionId: string; externalIds: readonly string[] },
): Promise<string[]> {
  if (externalIds.length === 0) return [];
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.tenantId, tenantId),
        eq(documents.collectionId, collectionId),
        sql`${documents.externalId} = ANY(${sql.param(externalIds)}::text[])`,
      ),
    );
  return rows.map((row) => row.id);
}

/** Inserts the document or, when its external id exists in the collection, overwrites it in place (id kept). */
export async function upsertDocument(db: Database, values: DocumentValues): Promise<DocumentRow> {
  const [row] = await db
    .insert(documents)
    .values(values)
    .onConflictDoUpdate({
      target: [documents.collectionId, documents.externalId],
      set: {
        title: values.title,
        source: values.source,
        mimeType: values.mimeType,
        contentHash: values.contentHash,
        metadata: values.metadata,
        charCount: values.charCount,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  if (row === undefined) throw new Error('upsert returned no document row');
  return row;
}

export async function deleteDocumentRow(db: Database, tenantId: string, id: string): Promise<void> {
  await db.delete(documents).where(and(eq(documents.tenantId, tenantId), eq(documents.id, id)));
}

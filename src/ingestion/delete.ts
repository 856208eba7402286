import { lockCollectionForWrite } from '../db/collections.js';
import { findDocumentsByIds } from '../db/documents.js';
import type { AppDeps } from '../deps.js';
import { badInput } from '../errors.js';
import { removeDocument } from './ingest.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertUuid(id: string, what: string): void {
  if (!UUID.test(id)) throw badInput(`${what} must be a UUID, got "${id.slice(0, 64)}"`);
}

/** Deletes a document, its chunks and their share of the BM25 statistics in one transaction; false if there was none. */
export async function deleteDocument(deps: AppDeps, { tenantId, id }: { tenantId: string; id: string }): Promise<boolean> {
  assertUuid(id, 'document id');
  const [document] = await findDocumentsByIds(deps.db, tenantId, [id]);
  if (document === undefined) return false;
  return deps.db.transaction(async (transaction) => {
    await lockCollectionForWrite(transaction, tenantId, document.collectionId);
    // Re-read under the collection lock: a concurrent delete may have won.
    const [current] = await findDocumentsByIds(transaction, tenantId, [id]);
    if (current === undefined) return false;
    await removeDocument(transaction, current, { keepRow: false });
    return true;
  });
}

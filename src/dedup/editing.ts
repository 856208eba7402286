import type { Database } from '../db/client.js';
import { findQuestionsByIds, listQuestions, relinkDuplicates, setCanonical, type QuestionView } from '../db/questions.js';
import type { AppDeps } from '../deps.js';
import { badInput, notFound } from '../errors.js';
import { requireCollection } from '../ingestion/collections.js';
import { assertUuid } from '../ingestion/delete.js';

export type QuestionPage = { nodes: QuestionView[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const MAX_PAGE = 100;

/** A collection's questions in submission order, optionally only canonical ones. @default first 20 */
export async function listQuestionPage(
  deps: AppDeps,
  input: { tenantId: string; collection: string; canonicalOnly?: boolean | undefined; first?: number | undefined; after?: string | undefined },
): Promise<QuestionPage> {
  const first = input.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput(`first must be an integer in 1..${MAX_PAGE}`);
  const collection = await requireCollection(deps, input.tenantId, input.collection);
  const afterId = input.after === undefined ? undefined : await decodeCursor(deps.db, input.after, { tenantId: input.tenantId, collectionId: collection.id });
  const rows = await listQuestions(deps.db, {
    tenantId: input.tenantId,
    collectionId: collection.id,
    canonicalOnly: input.canonicalOnly ?? false,
    first: first + 1,
    afterId,
  });
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last === undefined ? null : Buffer.from(last.id).toString('base64url') } };
}

/** A cursor names the last question of a page; one of another collection or tenant is refused, not silently empty. */
async function decodeCursor(db: Database, cursor: string, scope: { tenantId: string; collectionId: string }): Promise<string> {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  assertUuid(id, 'after cursor');
  const [question] = await findQuestionsByIds(db, scope.tenantId, [id]);
  if (question === undefined || question.collectionId !== scope.collectionId) throw badInput('after is not a cursor of this question list');
  return id;
}

/**
 * An editor's correction: marks `duplicateId` a duplicate of `canonicalId`'s canonical question. The duplicate's own
 * duplicates follow it, so links stay one level deep. Merging a canonical question into one of its own duplicates
 * promotes that duplicate to canonical of the whole group.
 */
export async function mergeQuestions(deps: AppDeps, { tenantId, duplicateId, canonicalId }: { tenantId: string; duplicateId: string; canonicalId: string }): Promise<QuestionView> {
  assertUuid(duplicateId, 'duplicateId');
  assertUuid(canonicalId, 'canonicalId');
  if (duplicateId === canonicalId) throw badInput('a question cannot be a duplicate of itself');
  return deps.db.transaction(async (transaction) => {
    const rows = await findQuestionsByIds(transaction, tenantId, [duplicateId, canonicalId], { lock: 'update' });
    const duplicate = rows.find((row) => row.id === duplicateId);
    const target = rows.find((row) => row.id === canonicalId);
    if (duplicate === undefined) throw notFound(`question ${duplicateId} does not exist`);
    if (target === undefined) throw notFound(`question ${canonicalId} does not exist`);
    if (duplicate.collectionId !== target.collectionId) throw badInput('questions of different collections cannot be merged');
    const root = target.canonicalId === null || target.canonicalId === duplicateId ? target : await lockedRow(transaction, tenantId, target.canonicalId);
    if (root.canonicalId !== null) await setCanonical(transaction, { tenantId, id: root.id, canonicalId: null });
    await relinkDuplicates(transaction, { tenantId, fromId: duplicateId, toId: root.id });
    const merged = await setCanonical(transaction, { tenantId, id: duplicateId, canonicalId: root.id });
    if (merged === undefined) throw notFound(`question ${duplicateId} does not exist`);
    return merged;
  });
}

/** Makes a duplicate canonical again. A question that already is canonical is returned unchanged. */
export async function unlinkQuestion(deps: AppDeps, { tenantId, id }: { tenantId: string; id: string }): Promise<QuestionView> {
  assertUuid(id, 'question id');
  const question = await setCanonical(deps.db, { tenantId, id, canonicalId: null });
  if (question === undefined) throw notFound(`question ${id} does not exist`);
  return question;
}

async function lockedRow(transaction: Database, tenantId: string, id: string): Promise<QuestionView> {
  const [row] = await findQuestionsByIds(transaction, tenantId, [id], { lock: 'update' });
  if (row === undefined) throw new Error(`canonical question ${id} vanished during a merge`);
  return row;
}

import type { Database } from '../db/client.js';
import { findQuestionByExternalId, findQuestionsByIds, insertQuestion, lockQuestionText, type QuestionScope, type QuestionView } from '../db/questions.js';
import type { AppDeps } from '../deps.js';
import { badInput } from '../errors.js';
import { assertEmbedderMatches, requireCollection } from '../ingestion/collections.js';
import { validateExternalId, validateMetadata } from '../ingestion/validate.js';
import { findMatches, rootOf, type AskedQuestion, type DuplicateMatch } from './matches.js';
import { hashNormalized } from './normalize.js';
import { scoringProfileFor, type ScoringProfile } from './scoring.js';
import { DEFAULT_MATCH_LIMIT, validateLimit, validateQuestionText, validateThreshold } from './validate.js';

export type SimilarQuestionsInput = {
  tenantId: string;
  collection: string;
  question: string;
  threshold?: number | undefined;
  limit?: number | undefined;
};

export type SubmitQuestionInput = {
  tenantId: string;
  collection: string;
  question: string;
  externalId?: string | undefined;
  metadata?: unknown;
};

export type SubmissionOutcome = { question: QuestionView; duplicateOf: QuestionView | null; matches: DuplicateMatch[] };

/** The scoring profile in force: the embedder's calibrated default, DUPLICATE_THRESHOLD, or a per-request threshold. */
export function activeProfile(deps: Pick<AppDeps, 'embedder' | 'config'>, threshold?: number): ScoringProfile {
  const profile = scoringProfileFor(deps.embedder.model, deps.config.dedup.duplicateThreshold);
  return threshold === undefined ? profile : { ...profile, threshold, source: 'configured' };
}

/**
 * Earlier questions of the collection ranked by the combined score, each flagged when it passes the threshold.
 * Stores nothing. @default limit 10, threshold the embedder's calibrated default
 */
export async function similarQuestions(deps: AppDeps, input: SimilarQuestionsInput): Promise<DuplicateMatch[]> {
  validateThreshold(input.threshold);
  const limit = validateLimit(input.limit);
  const normalized = validateQuestionText(input.question);
  const { scope } = await resolveScope(deps, input);
  const asked = { normalized, normalizedHash: hashNormalized(normalized), embedding: await deps.embedder.embedQuery(input.question) };
  return findMatches(deps.db, { scope, asked, profile: activeProfile(deps, input.threshold), limit });
}

/**
 * Stores a question and links it to its canonical question when it is a duplicate (an exact repeat first, else the
 * best match past the threshold; always the root, so links stay one level deep). Idempotent per `externalId`: the
 * same id with the same text returns the stored question; with a different text it is refused. The embedding is
 * computed outside the transaction; inside it, an advisory lock on (collection, normalised text) makes identical
 * concurrent submits link to one canonical question.
 */
export async function submitQuestion(deps: AppDeps, input: SubmitQuestionInput): Promise<SubmissionOutcome> {
  const normalized = validateQuestionText(input.question);
  if (input.externalId !== undefined) validateExternalId(input.externalId);
  const metadata = validateMetadata(input.metadata);
  const { scope, collection } = await resolveScope(deps, input);
  const profile = activeProfile(deps);
  const normalizedHash = hashNormalized(normalized);
  const stored = await findReplay(deps.db, { ...scope, externalId: input.externalId, normalizedHash });
  if (stored !== undefined) return describeStored(deps, { scope, question: stored, profile });
  const asked: AskedQuestion = { normalized, normalizedHash, embedding: await deps.embedder.embedQuery(input.question) };
  const submission = await deps.db.transaction(async (transaction) => {
    await lockQuestionText(transaction, { collectionId: collection.id, normalizedHash });
    const matches = await findMatches(transaction, { scope, asked, profile, limit: DEFAULT_MATCH_LIMIT });
    const best = matches.find((match) => match.question.normalizedHash === normalizedHash) ?? matches.find((match) => match.isDuplicate);
    const canonical = best === undefined ? null : await lockRoot(transaction, scope.tenantId, rootOf(best.question));
    const question = await insertQuestion(transaction, {
      ...scope,
      externalId: input.externalId ?? null,
      text: input.question,
      normalizedText: normalized,
      normalizedHash,
      canonicalId: canonical?.id ?? null,
      metadata,
      embeddingDimension: asked.embedding.length,
      embedding: [...asked.embedding],
    });
    return question === undefined ? undefined : { question, duplicateOf: canonical, matches };
  });
  if (submission !== undefined) return submission;
  // A concurrent submit with the same external id inserted first: answer as a replay of it.
  const winner = await findReplay(deps.db, { ...scope, externalId: input.externalId, normalizedHash });
  if (winner === undefined) throw new Error(`question ${input.externalId ?? ''} vanished after a conflicting insert`);
  return describeStored(deps, { scope, question: winner, profile });
}

async function resolveScope(deps: AppDeps, input: { tenantId: string; collection: string }) {
  const collection = await requireCollection(deps, input.tenantId, input.collection);
  assertEmbedderMatches(deps, collection);
  return { collection, scope: { tenantId: input.tenantId, collectionId: collection.id } satisfies QuestionScope };
}

async function findReplay(
  db: Database,
  { externalId, normalizedHash, ...scope }: QuestionScope & { externalId: string | undefined; normalizedHash: string },
): Promise<QuestionView | undefined> {
  if (externalId === undefined) return undefined;
  const existing = await findQuestionByExternalId(db, { ...scope, externalId });
  if (existing !== undefined && existing.normalizedHash !== normalizedHash) {
    throw badInput(`externalId "${externalId}" already holds a different question`);
  }
  return existing;
}

/**
 * Locks the canonical question (FOR SHARE) so a concurrent merge cannot move it while a duplicate is linked to it;
 * if a merge already made it a duplicate, follows the link to the new root.
 */
async function lockRoot(transaction: Database, tenantId: string, rootId: string): Promise<QuestionView | null> {
  let id = rootId;
  for (let hops = 0; hops < 3; hops += 1) {
    const [row] = await findQuestionsByIds(transaction, tenantId, [id], { lock: 'share' });
    if (row === undefined) return null;
    if (row.canonicalId === null) return row;
    id = row.canonicalId;
  }
  throw new Error(`question ${rootId} is in a canonical chain longer than merges create`);
}

async function describeStored(
  deps: AppDeps,
  { scope, question, profile }: { scope: QuestionScope; question: QuestionView; profile: ScoringProfile },
): Promise<SubmissionOutcome> {
  const [canonical] = question.canonicalId === null ? [] : await findQuestionsByIds(deps.db, scope.tenantId, [question.canonicalId]);
  const asked = { normalized: question.normalizedText, normalizedHash: question.normalizedHash, embedding: await deps.embedder.embedQuery(question.text) };
  const matches = await findMatches(deps.db, { scope, asked, profile, limit: DEFAULT_MATCH_LIMIT, excludeId: question.id });
  return { question, duplicateOf: canonical ?? null, matches };
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, collectionCacheKey } from '../cache/keys.js';
import { lookup, store, type Codec } from '../cache/read-through.js';
import { findExactAnswer, findNearestAnswers, insertAnswerCacheEntry, type AnswerCacheCandidate } from '../db/answer-cache.js';
import { findChunksByIds } from '../db/chunks.js';
import type { CollectionRow } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { contentTerms } from '../llm/sentences.js';

/**
 * Semantic answer cache (DESIGN §7, §9). Exact repeats: `deps.cache` under the collection-versioned key, so any
 * write to the collection retires them. Near-duplicates: nearest stored questions in `answer_cache` (same tenant,
 * collection and parameters), accepted at the duplicate threshold and confirmed lexically, and only while every chunk
 * the answer cites still exists with the content hash it had — an edited or deleted source retires the answer.
 */
const storedAnswerSchema = z.object({
  text: z.string(),
  grounded: z.boolean(),
  model: z.string(),
  citations: z.array(z.object({ index: z.number().int(), chunkId: z.string(), documentId: z.string(), quote: z.string() })),
  hits: z.array(z.looseObject({ chunkId: z.string(), score: z.number() })),
  citedChunks: z.array(z.object({ chunkId: z.string(), contentHash: z.string() })),
});
export type StoredAnswer = z.infer<typeof storedAnswerSchema>;

/**
 * Cosine similarity at which two questions count as duplicates (DESIGN §8), measured with the local embedder:
 * rephrasings of one question scored 0.86–0.98, different questions about the same subject 0.49–0.67. Until the dedup
 * service's calibrated threshold can be shared, this one also requires half the content words in common.
 */
export const DUPLICATE_SIMILARITY = 0.85;
export const DUPLICATE_TERM_OVERLAP = 0.5;
const NEAREST_CANDIDATES = 5;

export type CacheScope = {
  tenantId: string;
  collection: CollectionRow;
  /** The standalone question, as asked. */
  question: string;
  normalizedHash: string;
  parametersHash: string;
};

const codec: Codec<StoredAnswer> = {
  encode: (value) => JSON.stringify(value),
  decode: (text) => storedAnswerSchema.safeParse(JSON.parse(text)).data,
};

/** Case, punctuation and spacing do not make a question different. */
export function normalizeQuestion(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/['’`]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Everything besides the question that shapes an answer; entries are reused only when it is identical. */
export function parametersHash(parameters: { mode: string; limit: number; filter: unknown; model: string; contextTokens: number }): string {
  return sha256(canonicalJson(parameters));
}

export function termOverlap(left: string, right: string): number {
  const a = new Set(contentTerms(left));
  const b = new Set(contentTerms(right));
  const union = new Set([...a, ...b]).size;
  return union === 0 ? 1 : [...a].filter((term) => b.has(term)).length / union;
}

function exactKey(scope: CacheScope): string {
  const { tenantId, collection, normalizedHash, parametersHash: parameters } = scope;
  return collectionCacheKey({ tenantId, collectionId: collection.id, version: collection.version, kind: 'answer', params: { normalizedHash, parameters } });
}

/** A stored answer for this question, or undefined. `embedding` is the question's (for the near-duplicate search). */
export async function findCachedAnswer(deps: AppDeps, scope: CacheScope, { embedding }: { embedding: () => Promise<number[]> }): Promise<StoredAnswer | undefined> {
  const exact = await lookup(deps, { kind: 'answer', key: exactKey(scope), codec });
  if (exact !== undefined) return exact;
  const where = { tenantId: scope.tenantId, collectionId: scope.collection.id, parametersHash: scope.parametersHash };
  const candidates: AnswerCacheCandidate[] = [];
  const repeat = await findExactAnswer(deps.db, { ...where, normalizedHash: scope.normalizedHash });
  if (repeat !== undefined) candidates.push(repeat);
  const nearest = await findNearestAnswers(deps.db, { ...where, embedding: await embedding(), limit: NEAREST_CANDIDATES });
  candidates.push(...nearest.filter((entry) => entry.similarity >= DUPLICATE_SIMILARITY && termOverlap(entry.question, scope.question) >= DUPLICATE_TERM_OVERLAP));
  for (const candidate of candidates) {
    const answer = await stillValid(deps, scope.tenantId, candidate);
    if (answer === undefined) continue;
    store(deps, { key: exactKey(scope), value: answer, ttlSeconds: deps.config.answers.cacheTtlSeconds, codec });
    return answer;
  }
  return undefined;
}

/** The entry's answer if every cited chunk is unchanged; hits whose chunks are gone are dropped from it. */
async function stillValid(deps: AppDeps, tenantId: string, candidate: AnswerCacheCandidate): Promise<StoredAnswer | undefined> {
  const parsed = storedAnswerSchema.safeParse({ ...candidate.answer, citedChunks: candidate.citedChunks });
  if (!parsed.success) return undefined;
  const answer = parsed.data;
  const ids = [...new Set([...answer.citedChunks.map((cited) => cited.chunkId), ...answer.hits.map((hit) => hit.chunkId)])];
  const current = new Map((await findChunksByIds(deps.db, tenantId, ids)).map((chunk) => [chunk.id, chunk.contentHash]));
  if (!answer.citedChunks.every((cited) => current.get(cited.chunkId) === cited.contentHash)) return undefined;
  return { ...answer, hits: answer.hits.filter((hit) => current.has(hit.chunkId)) };
}

/** Stores a grounded answer in both tiers. */
export async function storeAnswer(
  deps: AppDeps,
  scope: CacheScope,
  { answer, embedding }: { answer: StoredAnswer; embedding: number[] },
): Promise<void> {
  const ttlSeconds = deps.config.answers.cacheTtlSeconds;
  const { citedChunks, ...payload } = answer;
  await insertAnswerCacheEntry(deps.db, {
    tenantId: scope.tenantId,
    collectionId: scope.collection.id,
    question: scope.question,
    normalizedHash: scope.normalizedHash,
    parametersHash: scope.parametersHash,
    embeddingDimension: embedding.length,
    embedding,
    answer: payload as unknown as Record<string, unknown>,
    citedChunks,
    model: answer.model,
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
  });
  store(deps, { key: exactKey(scope), value: answer, ttlSeconds, codec });
}

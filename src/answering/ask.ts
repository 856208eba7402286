import { findChunksByIds } from '../db/chunks.js';
import { findCollectionByName } from '../db/collections.js';
import { findDocumentsByIds } from '../db/documents.js';
import type { CollectionRow } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { badInput, notFound } from '../errors.js';
import type { ChatMessage, TokenUsage } from '../llm/chat-model.js';
import type { FusedHit } from '../retrieval/fusion.js';
import { search } from '../retrieval/search.js';
import { collectCitations, createCitationFilter } from './citations.js';
import { condenseQuestion } from './condense.js';
import { packContext, type PackedSource } from './context.js';
import { recordLlmCall } from './llm-log.js';
import { addUsage, callModel, type CallScope } from './model-call.js';
import { buildAnswerMessages } from './prompt.js';
import { measureRelevance, RELEVANCE_THRESHOLD } from './relevance.js';
import { findCachedAnswer, normalizeQuestion, parametersHash, sha256, storeAnswer, type CacheScope, type StoredAnswer } from './semantic-cache.js';
import type { AnswerStreamEvent, AnswerOutput, AskInput, RetrievalSummary } from './types.js';

export const NOT_FOUND_TEXT = 'The collection does not contain an answer to this question.';
export const NO_MODEL = 'none';
const DEFAULT_LIMIT = 8;
const MAX_LIMIT = 20;
const MAX_QUESTION_CHARS = 4096;
const MAX_HISTORY_TURNS = 50;
const MAX_TURN_CHARS = 20_000;

export type AskOptions = {
  /** Cancels retrieval-to-answer work, including the upstream LLM request. */
  signal?: AbortSignal | undefined;
  /** Receives RETRIEVAL, DELTA… and CITATIONS as they happen (DONE is the returned answer). */
  onEvent?: ((event: AnswerStreamEvent) => void) | undefined;
};

type Request = {
  deps: AppDeps;
  input: AskInput;
  collection: CollectionRow;
  scope: CallScope;
  question: string;
  standalone: string | undefined;
  usage: TokenUsage | undefined;
  options: AskOptions;
  emit: (event: AnswerStreamEvent) => void;
};

/**
 * A grounded answer (DESIGN §7): condense the conversation → semantic cache → hybrid retrieval → relevance gate
 * (not found ⇒ no model call) → pack sources to the token budget → model → keep only citations of retrieved chunks.
 * @default limit 8 chunks, mode HYBRID
 */
export async function ask(deps: AppDeps, input: AskInput, options: AskOptions = {}): Promise<AnswerOutput> {
  validate(input);
  const collection = await findCollectionByName(deps.db, input.tenantId, input.collection);
  if (collection === undefined) throw notFound(`collection "${input.collection}" does not exist`);
  const scope = { tenantId: input.tenantId, collectionId: collection.id };
  const history = toMessages(input.history ?? []);
  const condensed = history.length === 0 ? undefined : await condenseQuestion(deps, scope, { question: input.question, history, signal: options.signal });
  const request: Request = {
    deps,
    input,
    collection,
    scope,
    question: condensed?.question ?? input.question,
    standalone: condensed?.question,
    usage: condensed?.usage,
    options,
    emit: options.onEvent ?? (() => {}),
  };
  const cacheScope = cacheScopeOf(request);
  const started = performance.now();
  const cached = await findCachedAnswer(deps, cacheScope, { embedding: () => deps.embedder.embedQuery(request.question) });
  if (cached !== undefined) return replayCached(request, cached, performance.now() - started);
  return answerFresh(request, cacheScope);
}

async function answerFresh(request: Request, cacheScope: CacheScope): Promise<AnswerOutput> {
  const { deps, input, collection, question } = request;
  const mode = input.mode ?? 'HYBRID';
  const output = await search(deps, { tenantId: input.tenantId, collection: collection.name, query: question, mode, limit: input.limit ?? DEFAULT_LIMIT, filter: input.filter });
  const retrieval: RetrievalSummary = { hits: output.hits, tookMs: output.tookMs, query: question, mode, textSearchConfig: output.collection.textSearchConfig };
  request.emit({ type: 'RETRIEVAL', retrieval });
  const hitIds = output.hits.map((hit) => hit.chunkId);
  const relevance = await measureRelevance(deps.db, { collection: output.collection, question, hitIds });
  const sources = relevance < RELEVANCE_THRESHOLD ? [] : packContext(await loadChunks(deps, input.tenantId, output.hits), { budgetTokens: deps.config.answers.contextTokens });
  if (sources.length === 0) {
    request.emit({ type: 'DELTA', delta: NOT_FOUND_TEXT });
    return finish(request, { text: NOT_FOUND_TEXT, grounded: false, citations: [], model: NO_MODEL, cached: false, retrieval });
  }
  const text = await generate(request, sources);
  const citations = collectCitations(text, sources);
  const answer = finish(request, { text, grounded: citations.length > 0, citations, model: deps.chatModel.model, cached: false, retrieval });
  if (answer.grounded) await remember(request, cacheScope, { answer, sources });
  return answer;
}

/** Stores a grounded answer with the content hashes of the chunks it cites; a failed write never fails the answer. */
async function remember(request: Request, cacheScope: CacheScope, { answer, sources }: { answer: AnswerOutput; sources: readonly PackedSource[] }): Promise<void> {
  const hashes = new Map(sources.map((source) => [source.chunkId, source.contentHash]));
  const citedChunks = answer.citations.map((citation) => ({ chunkId: citation.chunkId, contentHash: hashes.get(citation.chunkId) ?? '' }));
  const stored: StoredAnswer = { text: answer.text, grounded: true, model: answer.model, citations: answer.citations, hits: answer.retrieval.hits, citedChunks };
  try {
    await storeAnswer(request.deps, cacheScope, { answer: stored, embedding: await request.deps.embedder.embedQuery(request.question) });
  } catch (error) {
    request.deps.logger.warn({ err: error, collection: request.collection.name }, 'could not store an answer in the answer cache');
  }
}

/** Streams the model's text through the citation filter, so deltas already lack markers the answer will not keep. */
async function generate(request: Request, sources: readonly PackedSource[]): Promise<string> {
  const filter = createCitationFilter(new Set(sources.map((source) => source.index)));
  const pieces: string[] = [];
  const emit = (piece: string) => {
    if (piece === '') return;
    pieces.push(piece);
    request.emit({ type: 'DELTA', delta: piece });
  };
  const messages = buildAnswerMessages(request.question, sources);
  const completion = await callModel(
    request.deps,
    request.scope,
    { kind: 'answer', messages, question: request.question, sources },
    { signal: request.options.signal, onDelta: (delta) => emit(filter.push(delta)) },
  );
  emit(filter.flush());
  request.usage = addUsage(request.usage, completion.usage);
  return pieces.join('');
}

async function replayCached(request: Request, stored: StoredAnswer, lookupMs: number): Promise<AnswerOutput> {
  const { deps, input, collection, question } = request;
  await recordLlmCall(deps, { ...request.scope, model: stored.model, purpose: 'answer', usage: undefined, latencyMs: lookupMs, status: 'ok', cached: true });
  const retrieval: RetrievalSummary = { hits: stored.hits as unknown as FusedHit[], tookMs: lookupMs, query: question, mode: input.mode ?? 'HYBRID', textSearchConfig: collection.textSearchConfig };
  request.emit({ type: 'RETRIEVAL', retrieval });
  request.emit({ type: 'DELTA', delta: stored.text });
  return finish(request, { text: stored.text, grounded: stored.grounded, citations: stored.citations, model: stored.model, cached: true, retrieval });
}

function finish(request: Request, answer: Omit<AnswerOutput, 'usage' | 'standaloneQuestion'>): AnswerOutput {
  request.emit({ type: 'CITATIONS', citations: answer.citations });
  return { ...answer, usage: request.usage, standaloneQuestion: request.standalone };
}

function cacheScopeOf(request: Request): CacheScope {
  const { deps, input, collection, question } = request;
  const parameters = {
    mode: input.mode ?? 'HYBRID',
    limit: input.limit ?? DEFAULT_LIMIT,
    filter: canonicalFilter(input.filter),
    model: deps.chatModel.model,
    contextTokens: deps.config.answers.contextTokens,
  };
  return { tenantId: input.tenantId, collection, question, normalizedHash: sha256(normalizeQuestion(question)), parametersHash: parametersHash(parameters) };
}

/** Id lists are sets: their order must not make two filters differ. */
function canonicalFilter(filter: AskInput['filter']): unknown {
  if (!filter) return null;
  const sorted = (ids: readonly string[] | null | undefined) => (ids ? [...ids].sort() : null);
  return { documentIds: sorted(filter.documentIds), externalIds: sorted(filter.externalIds), metadata: filter.metadata ?? null };
}

async function loadChunks(deps: AppDeps, tenantId: string, hits: readonly FusedHit[]) {
  const chunks = new Map((await findChunksByIds(deps.db, tenantId, hits.map((hit) => hit.chunkId))).map((chunk) => [chunk.id, chunk]));
  const documents = new Map((await findDocumentsByIds(deps.db, tenantId, [...new Set([...chunks.values()].map((chunk) => chunk.documentId))])).map((document) => [document.id, document]));
  return hits.flatMap((hit) => {
    const chunk = chunks.get(hit.chunkId);
    return chunk === undefined ? [] : [{ chunk, document: documents.get(chunk.documentId) }];
  });
}

function validate(input: AskInput): void {
  if (input.question.trim() === '') throw badInput('question must not be empty');
  if (input.question.length > MAX_QUESTION_CHARS) throw badInput(`question must be at most ${MAX_QUESTION_CHARS} characters`);
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badInput(`limit must be an integer in 1..${MAX_LIMIT}`);
  const history = input.history ?? [];
  if (history.length > MAX_HISTORY_TURNS) throw badInput(`history must have at most ${MAX_HISTORY_TURNS} turns`);
  if (history.some((turn) => turn.content.length > MAX_TURN_CHARS)) throw badInput(`each history turn must be at most ${MAX_TURN_CHARS} characters`);
}

function toMessages(history: readonly { role: 'USER' | 'ASSISTANT'; content: string }[]): ChatMessage[] {
  return history.filter((turn) => turn.content.trim() !== '').map((turn) => ({ role: turn.role === 'USER' ? 'user' : 'assistant', content: turn.content }));
}

import { setTimeout as delay } from 'node:timers/promises';
import { OpenAIEmbeddings } from '@langchain/openai';
import pLimit from 'p-limit';
import { AppError } from '../errors.js';
import type { Embedder } from './embedder.js';

export interface OpenAIEmbedderOptions {
  model: string;
  dimension: number;
  /** Sent as the bearer token; a placeholder is sent when absent, for compatible servers that need no key. */
  apiKey?: string | undefined;
  /** An OpenAI-compatible endpoint ending in `/v1`. @default the OpenAI API */
  baseUrl?: string | undefined;
  /**
   * Send `dimensions` so the server shortens vectors; only text-embedding-3 and later accept it.
   * @default true for `text-embedding-3*` models
   */
  requestDimensions?: boolean;
  /** Texts per request. @default 256 (at most 512) */
  batchSize?: number;
  /** Requests in flight at once, shared by every call on this embedder. @default 4 */
  concurrency?: number;
  /** Extra attempts per batch after a retryable failure. @default 4 */
  maxRetries?: number;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  /** First backoff delay; doubles per attempt up to `maxRetryDelayMs`, with jitter. @default 500 */
  retryDelayMs?: number;
  /** @default 20000 */
  maxRetryDelayMs?: number;
  /** Injected so tests need not wait for backoff. @default a timer that stops early on abort */
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
}

const MAX_BATCH_SIZE = 512;
// The OpenAI client refuses to start without a key; local OpenAI-compatible servers ignore it.
const PLACEHOLDER_API_KEY = 'not-needed';

type Failure = { kind: 'retryable' | 'rejected' | 'unusable'; reason: string; status?: number };

const defaultSleep = (milliseconds: number, signal: AbortSignal): Promise<void> =>
  delay(milliseconds, undefined, { signal }).catch((error: unknown) => {
    signal.throwIfAborted(); // surface the caller's abort reason, not the timer's AbortError
    throw error;
  });

/** Sorts an error from the OpenAI client (as re-thrown by LangChain) into retry or give up. */
function classify(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  if (typeof status === 'number') {
    const code = (error as { code?: unknown }).code;
    // A 429 for an exhausted quota will not clear by waiting; OpenAI marks it with this code.
    const retryable = (status === 429 && code !== 'insufficient_quota') || status === 408 || status >= 500;
    return { kind: retryable ? 'retryable' : 'rejected', reason: message, status };
  }
  // LangChain renames the client's timeout error to TimeoutError; connection failures keep the client's class.
  const name = error instanceof Error ? error.name : '';
  const className = error instanceof Error ? error.constructor.name : '';
  if (name === 'TimeoutError' || className.startsWith('APIConnection')) return { kind: 'retryable', reason: message };
  return { kind: 'unusable', reason: message };
}

function summarise(failure: Failure, attempts: number): string {
  switch (failure.kind) {
    case 'retryable':
      return `embedding service unavailable after ${attempts} attempts`;
    case 'rejected':
      return `embedding service rejected the request with status ${failure.status}`;
    case 'unusable':
      return 'embedding service gave an unusable answer';
    default: {
      const unreachable: never = failure.kind;
      return String(unreachable);
    }
  }
}

function toAppError(failure: Failure, attempts: number, where: string, cause: unknown): AppError {
  const message = `${summarise(failure, attempts)} (${where}): ${failure.reason}`;
  return new AppError('UPSTREAM_UNAVAILABLE', message, { cause, details: { attempts, status: failure.status } });
}

function checkVectors(vectors: number[][], expectedCount: number, dimension: number, where: string): number[][] {
  if (vectors.length !== expectedCount) {
    const message = `embedding service returned ${vectors.length} vectors for ${expectedCount} texts (${where})`;
    throw new AppError('UPSTREAM_UNAVAILABLE', message);
  }
  const wrong = vectors.find((vector) => !Array.isArray(vector) || vector.length !== dimension);
  if (wrong !== undefined) {
    const length = Array.isArray(wrong) ? wrong.length : typeof wrong;
    const message =
      `embedding dimension mismatch: the service returned vectors of length ${length}, expected ${dimension} ` +
      `(${where}); check EMBEDDINGS_DIMENSION against the model`;
    throw new AppError('UPSTREAM_UNAVAILABLE', message, { details: { expected: dimension, received: length } });
  }
  return vectors;
}

function splitIntoBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

type Settings = Required<Omit<OpenAIEmbedderOptions, 'apiKey' | 'baseUrl'>> &
  Pick<OpenAIEmbedderOptions, 'apiKey' | 'baseUrl'>;

function resolveSettings(options: OpenAIEmbedderOptions): Settings {
  const { batchSize = 256, concurrency = 4, maxRetries = 4, timeoutMs = 30_000 } = options;
  const { retryDelayMs = 500, maxRetryDelayMs = 20_000, sleep = defaultSleep } = options;
  const requestDimensions = options.requestDimensions ?? options.model.startsWith('text-embedding-3');
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}`);
  }
  const retry = { maxRetries, retryDelayMs, maxRetryDelayMs, sleep };
  return { ...options, ...retry, batchSize, concurrency, timeoutMs, requestDimensions };
}

/** One client per call: LangChain hands the OpenAI client no per-call signal, so it is joined in at `fetch`. */
function createClient(settings: Settings, signal: AbortSignal): OpenAIEmbeddings {
  return new OpenAIEmbeddings({
    model: settings.model,
    apiKey: settings.apiKey ?? PLACEHOLDER_API_KEY,
    dimensions: settings.requestDimensions ? settings.dimension : undefined,
    encodingFormat: 'float', // the default, base64, silently yields zero-filled vectors from float-only servers
    batchSize: settings.batchSize, // never splits further: batches arrive at most this large
    maxRetries: 0, // LangChain's own retry loop (p-retry, 6 retries by default); the OpenAI client's is fixed at 0
    maxConcurrency: settings.concurrency,
    timeout: settings.timeoutMs, // must be top-level: LangChain overwrites `configuration.timeout`
    configuration: {
      baseURL: settings.baseUrl,
      fetch: (input, init) =>
        fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    },
  });
}

/** Embeds one batch, retrying retryable failures with exponential backoff and jitter. */
async function embedBatch(
  settings: Settings,
  client: OpenAIEmbeddings,
  batch: string[],
  where: string,
  signal: AbortSignal,
): Promise<number[][]> {
  for (let attempt = 1; ; attempt += 1) {
    signal.throwIfAborted();
    try {
      return checkVectors(await client.embedDocuments(batch), batch.length, settings.dimension, where);
    } catch (error) {
      signal.throwIfAborted(); // an abort reaches us dressed as a timeout; report the abort itself
      if (error instanceof AppError) throw error;
      const failure = classify(error);
      if (failure.kind !== 'retryable' || attempt > settings.maxRetries) {
        throw toAppError(failure, attempt, where, error);
      }
      const backoff = Math.min(settings.maxRetryDelayMs, settings.retryDelayMs * 2 ** (attempt - 1));
      // Jitter spreads out the retries of clients that failed together.
      await settings.sleep(backoff / 2 + (Math.random() * backoff) / 2, signal);
    }
  }
}

/**
 * Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint through `@langchain/openai`. Batching, bounded
 * concurrency and retries happen here, not in LangChain or the OpenAI client (both are set to 0 retries), so the
 * number of requests and attempts is exactly what the options say.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const settings = resolveSettings(options);
  const limit = pLimit(settings.concurrency);

  const embedDocuments = async (texts: readonly string[], { signal }: { signal?: AbortSignal } = {}) => {
    if (texts.length === 0) return [];
    // Aborted when any batch fails for good, so the others stop instead of spending quota on a lost cause.
    const failFast = new AbortController();
    const callSignal = signal === undefined ? failFast.signal : AbortSignal.any([signal, failFast.signal]);
    const client = createClient(settings, callSignal);
    const batches = splitIntoBatches(texts, settings.batchSize);
    const results = batches.map(async (batch, index) => {
      const where = `batch ${index + 1}/${batches.length}`;
      try {
        return await limit(() => embedBatch(settings, client, batch, where, callSignal));
      } catch (error) {
        failFast.abort(error);
        throw error;
      }
    });
    return (await Promise.all(results)).flat();
  };

  return {
    model: settings.model,
    dimension: settings.dimension,
    embedDocuments,
    async embedQuery(text, callOptions) {
      const [vector] = await embedDocuments([text], callOptions);
      if (vector === undefined) throw new AppError('UPSTREAM_UNAVAILABLE', 'embedding service returned nothing');
      return vector;
    },
  };
}

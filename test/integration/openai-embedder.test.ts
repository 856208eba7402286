import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { createEmbedder } from '../../src/llm/create-embedder.js';
import { createLocalEmbedder } from '../../src/llm/local-embedder.js';
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from '../../src/llm/openai-embedder.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';

const EMBEDDINGS_PATH = '/v1/embeddings';

describe('createOpenAIEmbedder against an OpenAI-compatible server', () => {
  let fake: FakeOpenAI;
  let sleeps: number[];

  beforeEach(async () => {
    fake = await startFakeOpenAI({ embeddingDimension: 32 });
    sleeps = [];
  });
  afterEach(async () => {
    await fake.close();
  });

  const embedderFor = (options: Partial<OpenAIEmbedderOptions> = {}) =>
    createOpenAIEmbedder({
      model: 'text-embedding-3-small',
      dimension: 32,
      apiKey: 'test-key',
      baseUrl: fake.baseUrl,
      retryDelayMs: 100,
      sleep: async (milliseconds) => void sleeps.push(milliseconds),
      ...options,
    });
  const embeddingRequests = () => fake.requests.filter((request) => request.path === EMBEDDINGS_PATH);

  const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it('splits 1,100 texts into requests of at most 512 and keeps their order', async () => {
    const texts = Array.from({ length: 1_100 }, (_, index) => `document number ${index} about topic ${index % 7}`);
    const vectors = await embedderFor({ batchSize: 512, concurrency: 2 }).embedDocuments(texts);

    const requests = embeddingRequests();
    expect(requests.map((request) => request.body.input?.length)).toEqual([512, 512, 76]);
    expect(requests.flatMap((request) => request.body.input)).toEqual(texts);
    expect(vectors).toEqual(await createLocalEmbedder({ dimension: 32 }).embedDocuments(texts));
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    fake.intercept(() => ({ delayMs: 20 })); // hold each answer so that unbounded requests would overlap
    const texts = Array.from({ length: 8 }, (_, index) => `text ${index}`);
    const vectors = await embedderFor({ batchSize: 1, concurrency: 2 }).embedDocuments(texts);

    expect(vectors).toHaveLength(8);
    expect(embeddingRequests()).toHaveLength(8);
    expect(fake.peakConcurrency).toBeLessThanOrEqual(2);
  });

  it('asks for floats, sends the dimension for text-embedding-3 models and authenticates', async () => {
    await embedderFor().embedQuery('hello');
    const [request] = embeddingRequests();
    expect(request?.body).toMatchObject({ model: 'text-embedding-3-small', encoding_format: 'float', dimensions: 32 });
    expect(request?.headers.authorization).toBe('Bearer test-key');
  });

  it('retries a 429 and succeeds with the second attempt', async () => {
    fake.enqueueFailure(429, 1);
    const vector = await embedderFor().embedQuery('rate limited once');

    expect(vector).toEqual(await createLocalEmbedder({ dimension: 32 }).embedQuery('rate limited once'));
    expect(embeddingRequests()).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
  });

  it('gives up on a permanent 500 after maxRetries + 1 attempts with growing backoff', async () => {
    fake.enqueueFailure(500, 100);
    const error = await rejection(embedderFor({ maxRetries: 3 }).embedDocuments(['a', 'b']));

    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toMatch(/^embedding service unavailable after 4 attempts \(batch 1\/1\): 500/);
    expect(error.cause).toBeDefined();
    expect(embeddingRequests()).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[2]).toBeGreaterThan(sleeps[0] ?? Number.POSITIVE_INFINITY);
  });

  it('fails at once on a 401 without retrying', async () => {
    fake.enqueueFailure(401, 5);
    const error = await rejection(embedderFor().embedQuery('wrong key'));

    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toMatch(/rejected the request with status 401/);
    expect(embeddingRequests()).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('rejects vectors whose length is not the configured dimension', async () => {
    // ada-002 takes no `dimensions`, so the server answers with its own 32.
    const embedder = embedderFor({ model: 'text-embedding-ada-002', dimension: 64 });
    const error = await rejection(embedder.embedDocuments(['too short']));

    expect(embeddingRequests()[0]?.body.dimensions).toBeUndefined();
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toMatch(/dimension mismatch.*length 32, expected 64/);
    expect(embeddingRequests()).toHaveLength(1);
  });

  it('retries a request that times out', async () => {
    let calls = 0;
    fake.intercept(() => (calls++ === 0 ? { status: 200, body: {}, delayMs: 5_000 } : undefined));
    const vector = await embedderFor({ timeoutMs: 200 }).embedQuery('slow then fast');

    expect(vector).toHaveLength(32);
    expect(embeddingRequests()).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('retries connection errors, then reports the service unavailable', async () => {
    const closed = await startFakeOpenAI();
    await closed.close();
    const error = await rejection(embedderFor({ baseUrl: closed.baseUrl, maxRetries: 1 }).embedQuery('nobody home'));

    expect(error.message).toMatch(/unavailable after 2 attempts \(batch 1\/1\): Connection error/);
    expect(sleeps).toHaveLength(1);
  });

  it('aborts the request in flight when the caller aborts', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    fake.intercept(() => {
      arrived();
      return { status: 200, body: {}, delayMs: 30_000 };
    });
    const controller = new AbortController();
    const pending = embedderFor().embedQuery('never answered', { signal: controller.signal });

    await requestArrived;
    const clientClosed = fake.nextClientAbort();
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
    await clientClosed;
    expect(fake.clientAborts).toBe(1);
    expect(sleeps).toHaveLength(0);
  });

  it('is what createEmbedder builds for EMBEDDINGS_PROVIDER=openai', async () => {
    const config = loadConfig({
      EMBEDDINGS_PROVIDER: 'openai',
      EMBEDDINGS_DIMENSION: '32',
      OPENAI_BASE_URL: fake.baseUrl,
      EMBEDDINGS_BATCH_SIZE: '2',
    });
    const embedder = createEmbedder(config);
    expect(embedder.model).toBe('text-embedding-3-small');
    expect(await embedder.embedDocuments(['a', 'b', 'c'])).toHaveLength(3);
    expect(embeddingRequests().map((request) => request.body.input?.length)).toEqual([2, 1]);
    expect(embeddingRequests()[0]?.headers.authorization).toBe('Bearer not-needed');
  });
});

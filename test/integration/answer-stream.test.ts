import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { ASK_STREAM, INGEST, type AnswerEventData } from '../support/answer-queries.js';
import { CORPUS } from '../support/corpus.js';
import { RUNTIMES } from '../support/databases.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';
import { graphql } from '../support/graphql-client.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const CHAT_PATH = '/v1/chat/completions';
const LONG_REPLY = `${Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ')} [1].`;

// Streaming does not depend on the database engine; one runtime (native PostgreSQL when available) keeps this fast.
describe.each(RUNTIMES.slice(0, 1))('askStream over graphql-ws on %s', (runtime) => {
  let app: TestApp;
  let server: RunningServer;
  let fake: FakeOpenAI;
  let client: Client;
  let fakeClosed = false;
  const newClient = () => createClient({ url: server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  const stream = (question: string, connection: Client = client) =>
    connection.iterate<{ askStream: AnswerEventData }>({ query: ASK_STREAM, variables: { input: { collection: 'docs', question } } });
  const collect = async (question: string) => {
    const events: AnswerEventData[] = [];
    for await (const result of stream(question)) {
      expect(result.errors).toBeUndefined();
      events.push(result.data!.askStream);
    }
    return events;
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI({ tokenDelayMs: 15, reply: 'BM25 normalises by the average length [1] [9].' });
    app = await createTestApp(runtime, { LLM_PROVIDER: 'openai', OPENAI_BASE_URL: fake.baseUrl, CHAT_MODEL: 'fake-chat', LLM_MAX_RETRIES: '0' });
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    await graphql(server.url, `mutation { createCollection(input: { name: "docs", chunkSize: 64, chunkOverlap: 8 }) { name } }`);
    for (const { externalId, title, mimeType, metadata, content } of CORPUS) {
      await graphql(server.url, INGEST, { input: { collection: 'docs', externalId, title, mimeType, metadata, content } });
    }
    client = newClient();
  });
  afterAll(async () => {
    await client?.dispose();
    await server?.stop();
    await app?.dispose();
    if (!fakeClosed) await fake?.close();
  });

  it('streams retrieval, text deltas in order, citations and a final answer', async () => {
    const events = await collect('How does BM25 normalise document length?');
    expect(events.map((event) => event.type)).toEqual(['RETRIEVAL', ...events.slice(1, -2).map(() => 'DELTA'), 'CITATIONS', 'DONE']);
    expect(events[0]?.sources?.length).toBeGreaterThan(0);
    const deltas = events.filter((event) => event.type === 'DELTA').map((event) => event.delta ?? '');
    expect(deltas.length).toBeGreaterThan(5);
    const done = events.at(-1)?.answer;
    expect(deltas.join('')).toBe(done?.text);
    expect(done?.text).toBe('BM25 normalises by the average length [1].');
    expect(deltas.some((delta) => delta.includes('[9'))).toBe(false);
    expect(events.at(-2)?.citations?.map((citation) => citation.index)).toEqual([1]);
    expect(done).toMatchObject({ grounded: true, cached: false, model: 'fake-chat', citations: [{ index: 1 }] });
    expect(done?.usage?.completionTokens).toBeGreaterThan(0);
  });

  it('aborts the upstream request when the client unsubscribes mid-answer', async () => {
    fake.enqueueReply(LONG_REPLY);
    const aborted = fake.nextClientAbort();
    const before = fake.clientAborts;
    const iterator = stream('What do k1 and b control in BM25?');
    const types: string[] = [];
    for await (const result of iterator) {
      types.push(result.data!.askStream.type);
      if (types.filter((type) => type === 'DELTA').length === 2) break; // `break` calls return(): the client unsubscribes
    }
    await aborted;
    expect(fake.clientAborts).toBe(before + 1);
    expect(types).toEqual(['RETRIEVAL', 'DELTA', 'DELTA']);
  });

  it('aborts the upstream request when the client disconnects mid-answer', async () => {
    fake.enqueueReply(LONG_REPLY);
    const aborted = fake.nextClientAbort();
    const own = newClient();
    const iterator = stream('What do k1 and b control in BM25?', own);
    for await (const result of iterator) if (result.data?.askStream.type === 'DELTA') break;
    own.terminate();
    await aborted;
    expect(fake.clientAborts).toBeGreaterThanOrEqual(2);
  });

  it('ends with one typed ERROR event when the model fails', async () => {
    fake.enqueueFailure(503, 1, CHAT_PATH);
    const events = await collect('What do k1 and b control in BM25 ranking?');
    expect(events.map((event) => event.type)).toEqual(['RETRIEVAL', 'ERROR']);
    expect(events[1]?.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/status 503/) });
  });

  it('reports a missing collection as a typed ERROR event', async () => {
    const results = [];
    for await (const result of client.iterate<{ askStream: AnswerEventData }>({ query: ASK_STREAM, variables: { input: { collection: 'missing', question: 'x' } } })) {
      results.push(result);
    }
    expect(results.map((result) => result.data?.askStream.type)).toEqual(['ERROR']);
    expect(results[0]?.data?.askStream.error?.code).toBe('NOT_FOUND');
  });

  // Last: it closes the fake model server.
  it('ends with an ERROR event when the model connection breaks mid-answer', async () => {
    fake.enqueueReply(LONG_REPLY);
    const events: AnswerEventData[] = [];
    for await (const result of stream('What does BM25 use for saturation?')) {
      events.push(result.data!.askStream);
      if (events.filter((event) => event.type === 'DELTA').length === 2 && !fakeClosed) {
        fakeClosed = true;
        await fake.close(); // drops every open connection: a crashing upstream, as seen from here
      }
    }
    expect(events.slice(0, 3).map((event) => event.type)).toEqual(['RETRIEVAL', 'DELTA', 'DELTA']);
    expect(events.at(-1)?.type).toBe('ERROR');
    expect(events.at(-1)?.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/mid-answer/) });
  });
});


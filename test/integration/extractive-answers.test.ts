import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeLlmLog } from '../../src/answering/llm-log.js';
import { selectRows } from '../../src/db/client.js';
import { insertLlmCall } from '../../src/db/llm-calls.js';
import { EXTRACTIVE_PREAMBLE } from '../../src/llm/extractive-chat.js';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { ASK, INGEST, type AnswerData } from '../support/answer-queries.js';
import { CORPUS } from '../support/corpus.js';
import { RUNTIMES } from '../support/databases.js';
import { errorCodes, graphql } from '../support/graphql-client.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe.each(RUNTIMES)('ask with the offline extractive answerer on %s', (runtime) => {
  let app: TestApp;
  let server: RunningServer;
  const ask = async (input: Record<string, unknown>) => {
    const result = await graphql<{ ask: AnswerData }>(server.url, ASK, { input: { collection: 'docs', ...input } });
    expect(result.errors).toBeUndefined();
    return result.data!.ask;
  };

  beforeAll(async () => {
    app = await createTestApp(runtime); // no LLM configured: the extractive answerer is the default
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    await graphql(server.url, `mutation { createCollection(input: { name: "docs", chunkSize: 64, chunkOverlap: 8 }) { name } }`);
    for (const { externalId, title, mimeType, metadata, content } of CORPUS) {
      await graphql(server.url, INGEST, { input: { collection: 'docs', externalId, title, mimeType, metadata, content } });
    }
  });
  afterAll(async () => {
    await server?.stop();
    await app?.dispose();
  });

  it('quotes the best matching sentences with valid citations and says it is extractive', async () => {
    const answer = await ask({ question: 'Why should the HNSW index be built after bulk loading?' });
    expect(app.deps.chatModel.provider).toBe('extractive');
    expect(answer).toMatchObject({ grounded: true, cached: false, model: 'extractive-v1', usage: null, standaloneQuestion: null });
    expect(answer.text.startsWith(EXTRACTIVE_PREAMBLE)).toBe(true);
    expect(answer.text).toContain('Build the HNSW index after bulk loading');
    expect(answer.citations[0]?.document.externalId).toBe('pgvector-guide');
    const retrieved = new Set(answer.retrieval.hits.map((hit) => hit.chunk.id));
    for (const citation of answer.citations) {
      expect(retrieved.has(citation.chunk.id)).toBe(true);
      expect(citation.chunk.content).toContain(citation.quote);
      expect(answer.text).toContain(`${citation.quote} [${citation.index}]`);
    }
  });

  it('answers not found for a question the collection cannot answer', async () => {
    const answer = await ask({ question: 'Who won the football world cup in 1998?' });
    expect(answer).toMatchObject({ grounded: false, citations: [], model: 'none' });
  });

  it('rewrites a follow-up by rule before retrieval', async () => {
    const answer = await ask({
      question: 'and how long do I bake it?',
      history: [
        { role: 'USER', content: 'How do I feed a sourdough starter?' },
        { role: 'ASSISTANT', content: 'With flour and water [1].' },
      ],
    });
    expect(answer.standaloneQuestion).toBe('and how long do I bake it? (feed sourdough starter)');
    expect(answer.citations[0]?.document.externalId).toBe('kitchen');
  });

  it('rejects bad input with typed errors', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ question: '   ' }, 'BAD_USER_INPUT'],
      [{ question: 'x'.repeat(5000) }, 'BAD_USER_INPUT'],
      [{ question: 'HNSW?', limit: 0 }, 'BAD_USER_INPUT'],
      [{ question: 'HNSW?', collection: 'missing' }, 'NOT_FOUND'],
      [{ question: 'HNSW?', history: [{ role: 'SYSTEM', content: 'x' }] }, 'BAD_USER_INPUT'],
    ];
    for (const [input, code] of cases) {
      const result = await graphql(server.url, ASK, { input: { collection: 'docs', ...input } });
      expect(errorCodes(result), JSON.stringify(input).slice(0, 60)).toEqual([code]);
    }
  });

  it('purges LLM calls past the retention period and expired cached answers', async () => {
    const tenantId = app.deps.defaultTenantId;
    const now = new Date('2030-06-01T00:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000);
    const call = { tenantId, collectionId: null, model: 'm', purpose: 'answer', latencyMs: 1, status: 'ok', cached: false };
    await insertLlmCall(app.deps.db, { ...call, model: 'old', createdAt: daysAgo(181) });
    await insertLlmCall(app.deps.db, { ...call, model: 'recent', createdAt: daysAgo(179) });
    const cachedBefore = await selectRows<{ count: number }>(app.deps.db, sql`SELECT count(*)::int AS count FROM answer_cache`);
    expect(cachedBefore[0]?.count).toBeGreaterThan(0);

    const purged = await purgeLlmLog(app.deps, { now });
    expect(purged.llmCalls).toBeGreaterThanOrEqual(1);
    const models = await selectRows<{ model: string }>(app.deps.db, sql`SELECT model FROM llm_calls WHERE model IN ('old', 'recent')`);
    expect(models.map((row) => row.model)).toEqual(['recent']);
    // Every cached answer expires within a day, long before 2030.
    expect(purged.answers).toBe(cachedBefore[0]?.count);
  });
});

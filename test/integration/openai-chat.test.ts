import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatTask } from '../../src/llm/chat-model.js';
import { createOpenAIChatModel } from '../../src/llm/openai-chat.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';

const TASK: ChatTask = {
  kind: 'answer',
  messages: [
    { role: 'system', content: 'Answer from the sources.' },
    { role: 'user', content: 'Sources: … Question: why?' },
  ],
  question: 'why?',
  sources: [{ index: 1, content: 'Because.' }],
};
const CHAT_PATH = '/v1/chat/completions';

/** Timers alive in this process right now (Node reports each pending setTimeout as a 'Timeout' resource). */
const activeTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('the OpenAI-compatible chat model', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ reply: 'One two three four five [1].' });
  });
  afterAll(() => fake?.close());

  it('streams the reply as deltas and reports token usage', async () => {
    const deltas: string[] = [];
    const completion = await createOpenAIChatModel({ model: 'fake-chat', baseUrl: fake.baseUrl }).generate(TASK, { onDelta: (delta) => deltas.push(delta) });
    expect(completion.text).toBe('One two three four five [1].');
    expect(deltas.join('')).toBe(completion.text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(completion.usage).toEqual({ promptTokens: 8, completionTokens: 6 }); // the fake counts words
    const body = fake.requests.at(-1)?.body;
    expect(body).toMatchObject({ model: 'fake-chat', stream: true, stream_options: { include_usage: true } });
    expect(body?.messages).toEqual(TASK.messages);
  });

  it('retries a rate limit with backoff, but not a rejected request', async () => {
    const model = createOpenAIChatModel({ model: 'fake-chat', baseUrl: fake.baseUrl, maxRetries: 2, retryDelayMs: 10 });
    const before = fake.requests.length;
    fake.enqueueFailure(429, 1, CHAT_PATH);
    expect((await model.generate(TASK)).text).toBe('One two three four five [1].');
    expect(fake.requests.length - before).toBe(2);

    fake.enqueueFailure(400, 1, CHAT_PATH);
    await expect(model.generate(TASK)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/status 400/) });
    expect(fake.requests.length - before).toBe(3);

    fake.enqueueFailure(429, 3, CHAT_PATH);
    await expect(model.generate(TASK)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/rate-limited .*\(3 attempts\)/) });
  });

  it('times out a silent server per attempt', async () => {
    fake.intercept(() => ({ delayMs: 5_000 }));
    try {
      const model = createOpenAIChatModel({ model: 'fake-chat', baseUrl: fake.baseUrl, timeoutMs: 100, maxRetries: 0 });
      await expect(model.generate(TASK)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/timed out/) });
    } finally {
      fake.intercept(undefined);
    }
  });

  it('aborts the HTTP request on cancellation and leaves no timer behind', async () => {
    const slow = await startFakeOpenAI({ tokenDelayMs: 10, reply: Array.from({ length: 100 }, (_, index) => `w${index}`).join(' ') });
    const model = createOpenAIChatModel({ model: 'fake-chat', baseUrl: slow.baseUrl, timeoutMs: 60_000 });
    slow.enqueueReply('ready');
    await model.generate(TASK); // warms up the HTTP client, whose own timers then count in the baseline
    const baseline = activeTimers();
    const controller = new AbortController();
    const aborted = slow.nextClientAbort();
    const reason = new Error('client went away');
    const generation = model.generate(TASK, { signal: controller.signal, onDelta: () => controller.abort(reason) });
    await expect(generation).rejects.toBe(reason);
    await aborted;
    await slow.close(); // clears the fake server's own token-delay timer
    expect(slow.clientAborts).toBe(1);
    expect(activeTimers()).toBeLessThanOrEqual(baseline);
  });
});

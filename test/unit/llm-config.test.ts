import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createChatModel } from '../../src/llm/create-chat-model.js';

describe('answering configuration', () => {
  it('answers extractively unless a chat model and an endpoint are both configured', () => {
    expect(loadConfig({}).llm).toEqual({ provider: 'extractive', model: 'extractive-v1', timeoutMs: 30_000, maxRetries: 2, logRetentionDays: 180 });
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x' }).llm.provider).toBe('extractive'); // embeddings-only setups stay offline for answers
    expect(loadConfig({ CHAT_MODEL: 'llama3' }).llm.provider).toBe('extractive');
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', CHAT_MODEL: 'llama3' }).llm).toMatchObject({ provider: 'openai', model: 'llama3' });
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', CHAT_MODEL: 'gpt-x', LLM_PROVIDER: 'extractive' }).llm.provider).toBe('extractive');
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', LLM_PROVIDER: 'openai' }).llm.model).toBe('gpt-4o-mini');
    expect(loadConfig({ ANSWER_CONTEXT_TOKENS: '8000', ANSWER_CACHE_TTL_SECONDS: '60' }).answers).toEqual({ contextTokens: 8000, cacheTtlSeconds: 60 });
  });

  it.each([
    [{ LLM_PROVIDER: 'openai' }, 'LLM_PROVIDER'],
    [{ LLM_PROVIDER: 'anthropic' }, 'LLM_PROVIDER'],
    [{ LLM_TIMEOUT_MS: '0' }, 'LLM_TIMEOUT_MS'],
    [{ LLM_MAX_RETRIES: '11' }, 'LLM_MAX_RETRIES'],
    [{ ANSWER_CONTEXT_TOKENS: '100' }, 'ANSWER_CONTEXT_TOKENS'],
    [{ LLM_LOG_RETENTION_DAYS: 'forever' }, 'LLM_LOG_RETENTION_DAYS'],
  ])('stops on %j with a message naming %s', (environment, variable) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(new RegExp(variable));
  });

  it('builds the configured chat model', () => {
    expect(createChatModel(loadConfig({})).provider).toBe('extractive');
    const model = createChatModel(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', CHAT_MODEL: 'llama3' }));
    expect([model.provider, model.model]).toEqual(['openai', 'llama3']);
  });
});

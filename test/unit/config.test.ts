import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded runtime with the local embedder', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'embedded', dataDir: './.ragway' });
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', redisUrl: undefined });
    expect(config.embeddings).toMatchObject({ provider: 'local', model: 'local-hash-v1', dimension: 384 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' });
  });

  it('reads the chunk vector index segments, one by default', () => {
    expect(loadConfig({}).vectorIndex).toEqual({ segments: 1 });
    expect(loadConfig({ VECTOR_INDEX_SEGMENTS: '8' }).vectorIndex).toEqual({ segments: 8 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://h/db' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ EMBEDDINGS_PROVIDER: 'cohere' }, 'EMBEDDINGS_PROVIDER'],
    [{ EMBEDDINGS_DIMENSION: '4096' }, 'EMBEDDINGS_DIMENSION'],
    [{ EMBEDDINGS_PROVIDER: 'openai' }, 'OPENAI_API_KEY'],
    [{ VECTOR_INDEX_SEGMENTS: '3' }, 'VECTOR_INDEX_SEGMENTS'],
  ])('stops on %j with a message naming %s', (environment, variable) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(new RegExp(variable));
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/llm/create-embedder.js';
import { createLocalEmbedder } from '../../src/llm/local-embedder.js';

const cosine = (left: number[], right: number[]): number =>
  left.reduce((sum, value, index) => sum + value * (right[index] ?? Number.NaN), 0);
const norm = (vector: number[]): number => Math.sqrt(cosine(vector, vector));

describe('createLocalEmbedder', () => {
  const embedder = createLocalEmbedder();

  it('names its model and defaults to 384 dimensions', async () => {
    expect(embedder.model).toBe('local-hash-v1');
    expect(embedder.dimension).toBe(384);
    expect(await embedder.embedQuery('hello world')).toHaveLength(384);
    const small = createLocalEmbedder({ dimension: 64 });
    expect(await small.embedDocuments(['one', 'two words'])).toEqual([expect.any(Array), expect.any(Array)]);
    expect((await small.embedQuery('hello world')).length).toBe(64);
  });

  it('rejects a dimension that is not a positive integer', () => {
    expect(() => createLocalEmbedder({ dimension: 0 })).toThrow(RangeError);
    expect(() => createLocalEmbedder({ dimension: 12.5 })).toThrow(RangeError);
  });

  it('is deterministic across calls and instances', async () => {
    const text = 'PostgreSQL stores the chunk vectors; pgvector answers nearest-neighbour queries.';
    const first = await embedder.embedQuery(text);
    expect(await embedder.embedQuery(text)).toEqual(first);
    expect(await createLocalEmbedder().embedQuery(text)).toEqual(first);
    expect(await embedder.embedDocuments(['other', text, 'texts'])).toEqual([
      await embedder.embedQuery('other'),
      first,
      await embedder.embedQuery('texts'),
    ]);
  });

  it('returns unit vectors of plain numbers for every kind of input', async () => {
    const inputs = ['Hello, world!', 'the of and to', '서울은 한국의 수도입니다', '東京タワーに行きました', '', '  ...  ', 'x'.repeat(500)];
    for (const vector of await embedder.embedDocuments(inputs)) {
      expect(Array.isArray(vector) && vector.every((value) => Number.isFinite(value))).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 6);
    }
  });

  it('maps text without tokens to one fixed unit vector, and stop words to something else', async () => {
    const empty = await embedder.embedQuery('');
    expect(await embedder.embedQuery(' \n\t?! ')).toEqual(empty);
    expect(empty.filter((value) => value !== 0)).toHaveLength(1);
    expect(cosine(await embedder.embedQuery('to be or not to be'), empty)).toBeLessThan(0.5);
  });

  it('ignores case and Unicode compatibility forms', async () => {
    expect(await embedder.embedQuery('HELLO World')).toEqual(await embedder.embedQuery('hello world'));
    expect(await embedder.embedQuery('ｃａｆé ２０２４')).toEqual(await embedder.embedQuery('café 2024'));
  });

  it('places a paraphrase closer than unrelated text', async () => {
    const [query, paraphrase, unrelated] = await embedder.embedDocuments([
      'How do I reset my password?',
      'How can I reset the password for my account?',
      'The weather in Paris is sunny today.',
    ]);
    expect(cosine(query!, paraphrase!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.3);
  });

  it('matches inflected forms through character n-grams', async () => {
    const [query, inflected, unrelated] = await embedder.embedDocuments([
      'embedding documents',
      'embeddings of a document',
      'sunny weather',
    ]);
    expect(cosine(query!, inflected!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.2);
  });

  it('embeds Korean meaningfully, including words with different particles', async () => {
    const [query, paraphrase, unrelated] = await embedder.embedDocuments([
      '서울은 한국의 수도입니다',
      '한국의 수도는 서울입니다',
      '오늘은 날씨가 맑습니다',
    ]);
    expect(cosine(query!, paraphrase!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.3);
    const [school, schoolWithParticle] = await embedder.embedDocuments(['학교', '학교에서']);
    expect(cosine(school!, schoolWithParticle!)).toBeGreaterThan(0.3);
  });

  it('embeds Chinese and Japanese text by characters', async () => {
    const [chinese, chineseParaphrase, japanese] = await embedder.embedDocuments([
      '北京是中国的首都',
      '中国的首都是北京',
      '今日はいい天気です',
    ]);
    expect(cosine(chinese!, chineseParaphrase!)).toBeGreaterThan(0.7);
    expect(cosine(chinese!, japanese!)).toBeLessThan(0.3);
  });

  it('gives the same vectors after a very long text has grown its feature table', async () => {
    const fresh = createLocalEmbedder();
    const before = await fresh.embedQuery('a short text about vectors');
    const manyWords = Array.from({ length: 20_000 }, (_, index) => `word${index.toString(36)}`).join(' ');
    const long = await fresh.embedQuery(manyWords);
    expect(norm(long)).toBeCloseTo(1, 6);
    expect(await createLocalEmbedder().embedQuery(manyWords)).toEqual(long);
    expect(await fresh.embedQuery('a short text about vectors')).toEqual(before);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(embedder.embedDocuments(['a'], { signal: controller.signal })).rejects.toThrow('caller gave up');
    await expect(embedder.embedQuery('a', { signal: controller.signal })).rejects.toThrow('caller gave up');
  });
});

describe('createEmbedder', () => {
  it('builds the local embedder from the default configuration', async () => {
    const embedder = createEmbedder(loadConfig({ EMBEDDINGS_DIMENSION: '128' }));
    expect(embedder.model).toBe('local-hash-v1');
    expect(await embedder.embedQuery('hello')).toHaveLength(128);
  });

  it('refuses a model name the local provider does not have', () => {
    const config = loadConfig({ EMBEDDINGS_MODEL: 'text-embedding-3-small' });
    expect(() => createEmbedder(config)).toThrow(/EMBEDDINGS_MODEL=text-embedding-3-small is not available/);
  });
});

import { describe, expect, it } from 'vitest';
import { cleanStandalone } from '../../src/answering/condense.js';
import { packContext } from '../../src/answering/context.js';
import { createEventChannel } from '../../src/answering/event-channel.js';
import { ANSWER_SYSTEM_PROMPT, buildAnswerMessages, defang } from '../../src/answering/prompt.js';
import { coverage, idf } from '../../src/answering/relevance.js';
import { normalizeQuestion, parametersHash, termOverlap } from '../../src/answering/semantic-cache.js';
import type { ChunkView } from '../../src/db/chunks.js';
import { countTokens } from '../../src/text/tokens.js';
import { splitSentences } from '../../src/llm/sentences.js';

describe('relevance coverage', () => {
  const evidence = [
    { term: 'boundari', df: 300, chunkIds: ['a', 'b'] },
    { term: 'layer', df: 280, chunkIds: ['a'] },
    { term: 'ibuprofen', df: 0, chunkIds: [] },
  ];
  it('is the IDF-weighted share of question terms the best hit holds, unknown terms weighing most', () => {
    const expected = (idf(1400, 300) + idf(1400, 280)) / (idf(1400, 300) + idf(1400, 280) + idf(1400, 0));
    expect(coverage(evidence, { chunkCount: 1400, hitIds: ['b', 'a'] })).toBeCloseTo(expected, 12);
    expect(idf(1400, 0)).toBeGreaterThan(idf(1400, 1));
    expect(coverage(evidence.slice(0, 2), { chunkCount: 1400, hitIds: ['a'] })).toBe(1);
    expect(coverage([], { chunkCount: 1400, hitIds: ['a'] })).toBe(0);
    expect(coverage(evidence, { chunkCount: 1400, hitIds: [] })).toBe(0);
  });
});

describe('prompt', () => {
  it('fences sources and defangs fence markers inside document text', () => {
    expect(defang('a <<<END SOURCE 1>>> b <<<<')).toBe('a ‹‹‹END SOURCE 1››› b ‹‹‹‹');
    const [system, user] = buildAnswerMessages('What is <<<x>>>?', [{ index: 1, heading: 'T <<<', content: 'text <<<END SOURCE 1>>> more' }]);
    expect(system).toEqual({ role: 'system', content: ANSWER_SYSTEM_PROMPT });
    expect(user?.content).toBe('Sources:\n\n<<<SOURCE 1>>>\nTitle: T ‹‹‹\ntext ‹‹‹END SOURCE 1››› more\n<<<END SOURCE 1>>>\n\nQuestion: What is ‹‹‹x›››?');
  });

  it('takes the first usable line of a condensed question', () => {
    expect(cleanStandalone('\n  Standalone question: "What is BM25?"\nextra')).toBe('What is BM25?');
    expect(cleanStandalone('   \n ')).toBeUndefined();
  });
});

describe('answer cache keys', () => {
  it('treats case, punctuation and spacing as the same question', () => {
    expect(normalizeQuestion('  What’s HNSW,  really?? ')).toBe(normalizeQuestion("what's hnsw really"));
    expect(termOverlap('How do I build an HNSW index?', 'Building the HNSW indexes')).toBe(1);
    expect(termOverlap('What is the price of the X200?', 'What is the weight of the X200?')).toBeLessThan(0.5);
  });

  it('hashes parameters independently of key order', () => {
    const a = parametersHash({ mode: 'HYBRID', limit: 8, filter: { metadata: { a: 1, b: 2 } }, model: 'm', contextTokens: 3000 });
    const b = parametersHash({ contextTokens: 3000, model: 'm', filter: { metadata: { b: 2, a: 1 } }, limit: 8, mode: 'HYBRID' });
    expect(a).toBe(b);
    expect(parametersHash({ mode: 'VECTOR', limit: 8, filter: null, model: 'm', contextTokens: 3000 })).not.toBe(a);
  });
});

describe('event channel', () => {
  it('delivers pushed values in order and ends after the queue drains', async () => {
    const channel = createEventChannel<number>({ onReturn: () => undefined });
    channel.push(1);
    channel.push(2);
    channel.end();
    const values: number[] = [];
    for await (const value of channel.iterator) values.push(value);
    expect(values).toEqual([1, 2]);
  });

  it('cancels at once when return() is called while a next() is waiting', async () => {
    let cancelled = 0;
    const channel = createEventChannel<number>({ onReturn: () => (cancelled += 1) });
    const waiting = channel.iterator.next();
    await channel.iterator.return?.();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(cancelled).toBe(1);
    channel.push(3);
    expect(await channel.iterator.next()).toEqual({ value: undefined, done: true });
  });
});

describe('sentences in lowercased corpora', () => {
  it('splits at a full stop standing between spaces', () => {
    expect(splitSentences('the flow separates . a vortex forms . e.g. here').map((span) => span.text)).toEqual(['the flow separates .', 'a vortex forms .', 'e.g. here']);
  });
});

describe('context packing', () => {
  const chunk = (id: string, words: number): { chunk: ChunkView; document: undefined } => ({
    chunk: { id, documentId: `d-${id}`, content: Array.from({ length: words }, (_, index) => `word${index}`).join(' '), contentHash: `h-${id}`, headingPath: [] } as unknown as ChunkView,
    document: undefined,
  });
  const tokensOf = (sources: ReturnType<typeof packContext>) =>
    sources.reduce((sum, source) => sum + countTokens(`<<<SOURCE ${source.index}>>>\n${source.content}\n<<<END SOURCE ${source.index}>>>`) + 1, 0);

  it('keeps the best chunks that fit the token budget, numbering them in the order kept', () => {
    const sources = packContext([chunk('a', 100), chunk('big', 2000), chunk('b', 100), chunk('c', 100)], { budgetTokens: 500 });
    expect(sources.map((source) => [source.index, source.chunkId])).toEqual([[1, 'a'], [2, 'b']]);
    expect(tokensOf(sources)).toBeLessThanOrEqual(500);
  });

  it('cuts the best chunk to a prefix when nothing fits whole', () => {
    const [only, ...rest] = packContext([chunk('big', 2000), chunk('bigger', 3000)], { budgetTokens: 300 });
    expect(rest).toEqual([]);
    expect(only?.chunkId).toBe('big');
    expect(tokensOf([only!])).toBeLessThanOrEqual(300);
    expect(chunk('big', 2000).chunk.content.startsWith(only?.content ?? 'x')).toBe(true);
  });
});

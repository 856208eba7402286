import { describe, expect, it } from 'vitest';
import { bm25Score, inverseDocumentFrequency, queryTermWeight, type CorpusStatistics } from '../../src/retrieval/bm25.js';

// Three chunks, hand-scored: d1 = a a b (dl 3), d2 = b c (dl 2), d3 = a c c c (dl 4); N = 3, avgdl = 3, every df = 2.
const chunks = {
  d1: { terms: new Map([['a', 2], ['b', 1]]), length: 3 },
  d2: { terms: new Map([['b', 1], ['c', 1]]), length: 2 },
  d3: { terms: new Map([['a', 1], ['c', 3]]), length: 4 },
};
const corpus: CorpusStatistics = { chunkCount: 3, averageLength: 3, documentFrequency: (term) => (['a', 'b', 'c'].includes(term) ? 2 : 0) };
const score = (query: Map<string, number>, chunk: keyof typeof chunks) =>
  bm25Score({ query, chunk: chunks[chunk].terms, chunkLength: chunks[chunk].length }, corpus);

describe('BM25', () => {
  it('computes Lucene IDF, which stays positive for common terms', () => {
    expect(inverseDocumentFrequency(3, 2)).toBeCloseTo(Math.log(1.6), 12);
    expect(inverseDocumentFrequency(100, 100)).toBeGreaterThan(0);
  });

  it('matches hand-computed scores', () => {
    const query = new Map([['a', 1], ['c', 1]]);
    // ln(1.6) · 2·2.2 / (2 + 1.2)
    expect(score(query, 'd1')).toBeCloseTo(0.646255, 6);
    // ln(1.6) · (2.2/2.5 + 6.6/4.5): d3 is longer than average, so each occurrence counts less
    expect(score(query, 'd3')).toBeCloseTo(1.102942, 6);
    // ln(1.6) · 2.2/1.9
    expect(score(query, 'd2')).toBeCloseTo(0.544215, 6);
  });

  it('weights a repeated query term by 2·qtf/(1+qtf)', () => {
    expect(queryTermWeight(1)).toBe(1);
    expect(queryTermWeight(2)).toBeCloseTo(4 / 3, 12);
    expect(score(new Map([['a', 2]]), 'd1')).toBeCloseTo(0.861673, 6);
  });

  it('ignores terms absent from the chunk or the corpus', () => {
    expect(score(new Map([['zzz', 1]]), 'd1')).toBe(0);
    expect(score(new Map([['c', 1]]), 'd1')).toBe(0);
  });
});

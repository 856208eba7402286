import { describe, expect, it } from 'vitest';
import { fuseReciprocalRank, fuseRelativeScore, type Legs } from '../../src/retrieval/fusion.js';

const legs: Legs = {
  bm25: [
    { chunkId: 'a', score: 9 },
    { chunkId: 'b', score: 5 },
    { chunkId: 'c', score: 1 },
  ],
  vector: [
    { chunkId: 'c', score: 0.9 },
    { chunkId: 'd', score: 0.8 },
    { chunkId: 'a', score: 0.5 },
  ],
};

describe('reciprocal rank fusion', () => {
  it('sums 1/(k + rank) over legs', () => {
    const fused = fuseReciprocalRank(legs);
    const byId = new Map(fused.map((hit) => [hit.chunkId, hit]));
    expect(byId.get('a')?.score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(byId.get('c')?.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(byId.get('b')?.score).toBeCloseTo(1 / 62, 12);
    expect(byId.get('d')?.score).toBeCloseTo(1 / 62, 12);
    expect(byId.get('a')).toMatchObject({ bm25Rank: 1, bm25Score: 9, vectorRank: 3, vectorScore: 0.5 });
  });

  it('orders ties by the better single-leg rank, then id', () => {
    expect(fuseReciprocalRank(legs).map((hit) => hit.chunkId)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('uses k', () => {
    const [top] = fuseReciprocalRank({ bm25: [{ chunkId: 'x', score: 1 }], vector: [] }, { k: 10 });
    expect(top?.score).toBeCloseTo(1 / 11, 12);
  });
});

describe('relative score fusion', () => {
  it('min-max normalises each leg and mixes by alpha', () => {
    const fused = fuseRelativeScore(legs, { alpha: 0.25 });
    const byId = new Map(fused.map((hit) => [hit.chunkId, hit]));
    // a: bm25 (9-1)/8 = 1, vector (0.5-0.5)/0.4 = 0 → 0.75·1 + 0.25·0
    expect(byId.get('a')?.score).toBeCloseTo(0.75, 12);
    // c: bm25 0, vector 1 → 0.25
    expect(byId.get('c')?.score).toBeCloseTo(0.25, 12);
    // b: bm25 0.5 → 0.375; d: vector 0.75 → 0.1875
    expect(byId.get('b')?.score).toBeCloseTo(0.375, 12);
    expect(byId.get('d')?.score).toBeCloseTo(0.1875, 12);
    expect(fused.map((hit) => hit.chunkId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('alpha 1 equals the vector leg and alpha 0 equals the keyword leg', () => {
    expect(fuseRelativeScore(legs, { alpha: 1 }).map((hit) => hit.chunkId)).toEqual(legs.vector.map((hit) => hit.chunkId));
    expect(fuseRelativeScore(legs, { alpha: 0 }).map((hit) => hit.chunkId)).toEqual(legs.bm25.map((hit) => hit.chunkId));
  });

  it('gives an all-equal leg a normalised score of 1', () => {
    const [only] = fuseRelativeScore({ bm25: [{ chunkId: 'x', score: 3 }], vector: [] }, { alpha: 0.5 });
    expect(only?.score).toBeCloseTo(0.5, 12);
  });
});

describe('weights', () => {
  it('RRF with a zero-weight leg equals the other leg', () => {
    const keywordOnly = fuseReciprocalRank(legs, { weights: { bm25: 1, vector: 0 } });
    expect(keywordOnly.map((hit) => hit.chunkId)).toEqual(['a', 'b', 'c']);
  });
});

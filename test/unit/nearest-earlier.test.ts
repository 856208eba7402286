import { describe, expect, it } from 'vitest';
import { nearestEarlier } from '../../src/dedup/nearest-earlier.js';
import { cosineSimilarity } from '../../src/dedup/similarity.js';

describe('nearest earlier vectors', () => {
  it('returns, for each vector, the k closest of those before it by cosine distance, nearest first', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) - 0.5;
    const vectors = Array.from({ length: 60 }, () => Array.from({ length: 16 }, random));
    const nearest = nearestEarlier(vectors, 5);
    vectors.forEach((vector, position) => {
      // Brute force with the shared cosine helper: every earlier vector, sorted by distance, first k.
      const expected = vectors
        .slice(0, position)
        .map((other, index) => ({ index, distance: 1 - cosineSimilarity(vector, other) }))
        .sort((left, right) => left.distance - right.distance || left.index - right.index)
        .slice(0, 5);
      expect(nearest[position]?.map((entry) => entry.index)).toEqual(expected.map((entry) => entry.index));
      nearest[position]?.forEach((entry, rank) => expect(entry.distance).toBeCloseTo(expected[rank]?.distance ?? NaN, 12));
    });
  });

  it('finds an exact copy at distance 0 whatever its length, and never looks forward', () => {
    const [a, b, c] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const nearest = nearestEarlier([a, b, [3, 0, 0], c], 2);
    expect(nearest[0]).toEqual([]);
    expect(nearest[2]?.[0]).toEqual({ index: 0, distance: 0 });
    expect(nearest[3]?.map((entry) => entry.index)).toEqual([0, 1]);
  });

  it('puts zero vectors at distance 1 and returns nothing for k = 0', () => {
    expect(nearestEarlier([[0, 0], [1, 0]], 1)[1]).toEqual([{ index: 0, distance: 1 }]);
    expect(nearestEarlier([[1, 0], [1, 0]], 0)).toEqual([[], []]);
    expect(() => nearestEarlier([[1]], -1)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { nextAverageLengthReference, REFREEZE_MAX_TERMS } from '../../src/db/bm25-impact.js';
import { termScore } from '../../src/retrieval/bm25.js';

const impact = (tf: number, dl: number, reference: number, k1 = 1.2, b = 0.75) => termScore({ termFrequency: tf, chunkLength: dl, averageLength: reference }, { k1, b });

describe('impact bounds', () => {
  it('bound the exact term score by impact · max(1, avgdl/avgdl_ref) for any drift', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 5_000; trial += 1) {
      const [tf, dl] = [1 + Math.floor(random() * 30), 1 + Math.floor(random() * 2_000)];
      const [reference, average] = [1 + random() * 500, 1 + random() * 500];
      const [k1, b] = [random() * 3, random()];
      const exact = termScore({ termFrequency: tf, chunkLength: dl, averageLength: average }, { k1, b });
      expect(exact).toBeLessThanOrEqual(impact(tf, dl, reference, k1, b) * Math.max(1, average / reference) * (1 + 1e-12));
    }
  });
});

describe('reference average length', () => {
  it('is frozen by the first write and reset when the collection empties', () => {
    expect(nextAverageLengthReference({ reference: 0, chunkCount: 4, totalTermCount: 400 })).toBe(100);
    expect(nextAverageLengthReference({ reference: 100, chunkCount: 0, totalTermCount: 0 })).toBe(0);
  });

  it('stays within the drift band and re-freezes outside it in small collections only', () => {
    expect(nextAverageLengthReference({ reference: 100, chunkCount: 10, totalTermCount: 1_200 })).toBe(100);
    expect(nextAverageLengthReference({ reference: 100, chunkCount: 10, totalTermCount: 1_300 })).toBe(130);
    expect(nextAverageLengthReference({ reference: 100, chunkCount: 10, totalTermCount: 700 })).toBe(70);
    const large = { reference: 100, chunkCount: 10_000, totalTermCount: REFREEZE_MAX_TERMS * 2 };
    expect(nextAverageLengthReference(large)).toBe(100);
  });
});

import { describe, expect, it } from 'vitest';
import { inflate, isProvenTopK, pruningCuts, waterLevel, type TermHead } from '../../src/retrieval/bm25-prune.js';

const term = (weight: number, maxImpact: number, documentFrequency = 10_000): TermHead => ({ term: `t${weight}`, qtf: 1, weight, maxImpact, documentFrequency });

describe('water filling', () => {
  it('spreads the target evenly when every bound is higher', () => {
    expect(waterLevel([5, 6, 7], 3)).toBeCloseTo(1, 12);
  });

  it('caps small bounds and lets the others share the rest', () => {
    // min(1, τ) + min(10, τ) + min(10, τ) = 9 ⇒ τ = 4
    expect(waterLevel([10, 1, 10], 9)).toBeCloseTo(4, 12);
    const level = waterLevel([0.5, 2, 3, 30], 12);
    expect([0.5, 2, 3, 30].reduce((sum, bound) => sum + Math.min(bound, level), 0)).toBeCloseTo(12, 9);
  });

  it('is 0 for a target of 0 and +∞ when all bounds fit', () => {
    expect(waterLevel([1, 2], 0)).toBe(0);
    expect(waterLevel([1, 2], 3)).toBe(2);
    expect(waterLevel([1, 2], 4)).toBe(Infinity);
    expect(waterLevel([1, Infinity], 5)).toBe(4);
  });
});

describe('pruning cuts', () => {
  it('reads short lists whole, skips cheap long terms and cuts the others at τ/(w·f)', () => {
    const terms = [term(4, 2, 100), term(0.1, 2), term(3, 2), term(5, 2)];
    const cuts = pruningCuts(terms, { factor: 1, target: 8.2, fullList: 1_000 });
    // long terms' bounds 0.2, 6, 10 share 8.2: τ = 4
    expect(cuts[0]).toBe(0);
    expect(cuts[1]).toBe(Infinity);
    expect(cuts[2]).toBeCloseTo(4 / 3, 12);
    expect(cuts[3]).toBeCloseTo(4 / 5, 12);
  });

  it('reads everything when there is no threshold yet', () => {
    expect(pruningCuts([term(2, 2), term(3, 1)], { factor: 1.3, target: 0, fullList: 10 })).toEqual([0, 0]);
  });

  it('keeps the unread remainder under the target, with f applied', () => {
    const terms = [term(2, 2.1), term(3, 1.9), term(0.5, 2.2)];
    const factor = 1.2;
    const cuts = pruningCuts(terms, { factor, target: 5, fullList: 0 });
    const unread = terms.reduce((sum, item, index) => sum + item.weight * factor * Math.min(item.maxImpact, cuts[index] ?? 0), 0);
    expect(unread).toBeLessThanOrEqual(5 + 1e-9);
  });
});

describe('proof of a top-k', () => {
  const hits = (...scores: number[]) => scores.map((score) => ({ score }));

  it('needs the k-th score above the unseen bound and at least θ', () => {
    expect(isProvenTopK(hits(9, 8, 7), { limit: 3, bound: 6.9, theta: 7 })).toBe(true);
    expect(isProvenTopK(hits(9, 8, 7), { limit: 3, bound: 7, theta: 7 })).toBe(false);
    expect(isProvenTopK(hits(9, 8, 7), { limit: 3, bound: 1, theta: 7.5 })).toBe(false);
  });

  it('accepts fewer than k hits only when everything was read and nothing dropped', () => {
    expect(isProvenTopK(hits(3), { limit: 3, bound: 0, theta: 0 })).toBe(true);
    expect(isProvenTopK(hits(3), { limit: 3, bound: 0.1, theta: 0 })).toBe(false);
    expect(isProvenTopK(hits(3), { limit: 3, bound: 0, theta: 1 })).toBe(false);
  });

  it('leaves slack for rounding', () => {
    expect(inflate(1)).toBeGreaterThan(1 + 1e-10);
    expect(inflate(0)).toBeGreaterThan(0);
  });
});

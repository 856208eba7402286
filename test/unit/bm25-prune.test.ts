import { describe, expect, it } from 'vitest';
import { deferredTerms, inflate, isProvenTopK, readCaps, waterLevel, type TermHead } from '../../src/retrieval/bm25-prune.js';

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

describe('deferred terms and reading caps', () => {
  const terms = [term(5, 2, 300), term(0.2, 2, 90_000), term(4, 2, 1_000), term(0.6, 2, 30_000)];

  it('defers the long lists', () => {
    expect(deferredTerms(terms, { longList: 5_000 })).toEqual([false, true, false, true]);
  });

  it('shares the reading budget left by the lists read whole among the deferred ones, by length', () => {
    const deferred = [false, true, false, true];
    // Σ df = 121,300; budget 0.5 · 121,300 − 1,300 = 59,350, split 3 : 1
    expect(readCaps(terms, { deferred, maxReadShare: 0.5 })).toEqual([null, 44_512, null, 14_837]);
    expect(readCaps(terms, { deferred, maxReadShare: Infinity })).toEqual([null, null, null, null]);
  });

  it('gives up when nothing is deferred or the whole lists alone exceed the budget', () => {
    expect(readCaps(terms, { deferred: [false, false, false, false], maxReadShare: 0.6 })).toBeNull();
    expect(readCaps([term(1, 2, 9_000), term(1, 2, 1_000)], { deferred: [false, true], maxReadShare: 0.6 })).toBeNull();
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

import { describe, expect, it } from 'vitest';
import { SESSION_EF_SEARCH } from '../../src/db/client.js';
import { exactScanMaxRows, legEfSearch } from '../../src/retrieval/vector-leg.js';

describe('the vector leg ef_search', () => {
  it('keeps the session value for small collections and raises it by size tier in VECTOR mode', () => {
    expect(legEfSearch({ chunkCount: 10_000 }, 40)).toBe(SESSION_EF_SEARCH);
    expect(legEfSearch({ chunkCount: 49_999 }, 40)).toBe(SESSION_EF_SEARCH);
    expect(legEfSearch({ chunkCount: 50_000 }, 40)).toBe(400);
    expect(legEfSearch({ chunkCount: 100_000 }, 40)).toBe(500);
    expect(legEfSearch({ chunkCount: 199_999 }, 40)).toBe(500);
    expect(legEfSearch({ chunkCount: 200_000 }, 40)).toBe(700);
    expect(legEfSearch({ chunkCount: 499_999 }, 40)).toBe(700);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 40)).toBe(1000);
  });

  it('keeps the session value for a leg that feeds fusion, whatever the collection size', () => {
    expect(legEfSearch({ chunkCount: 1_000_000 }, 40, { fused: true })).toBe(SESSION_EF_SEARCH);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 160, { fused: true })).toBe(160);
  });

  it('takes the tier of one segment’s share of the collection when the index is segmented', () => {
    expect(legEfSearch({ chunkCount: 1_000_000 }, 40, { segments: 4 })).toBe(700);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 40, { segments: 8 })).toBe(500);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 40, { segments: 16 })).toBe(400);
    expect(legEfSearch({ chunkCount: 100_000 }, 40, { segments: 4 })).toBe(SESSION_EF_SEARCH);
    // A fused leg splits the session's 100 between the segments, never below its candidate count.
    expect(legEfSearch({ chunkCount: 1_000_000 }, 10, { segments: 4, fused: true })).toBe(25);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 40, { segments: 4, fused: true })).toBe(40);
  });

  it('never asks the index for fewer candidates than the leg returns, nor beyond pgvector’s limit', () => {
    expect(legEfSearch({ chunkCount: 10 }, 250)).toBe(250);
    expect(legEfSearch({ chunkCount: 100_000 }, 600)).toBe(600);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 5_000)).toBe(1000);
  });
});

describe('the vector leg’s exact-scan threshold', () => {
  it('grows with the square root of the collection, from 1,000 rows', () => {
    expect(exactScanMaxRows({ chunkCount: 0 })).toBe(1000);
    expect(exactScanMaxRows({ chunkCount: 5_000 })).toBe(1000);
    expect(exactScanMaxRows({ chunkCount: 10_000 })).toBe(1200);
    expect(exactScanMaxRows({ chunkCount: 100_000 })).toBe(3795);
    expect(exactScanMaxRows({ chunkCount: 1_000_000 })).toBe(12_000);
  });
});

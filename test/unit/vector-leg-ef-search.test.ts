import { describe, expect, it } from 'vitest';
import { SESSION_EF_SEARCH } from '../../src/db/client.js';
import { LARGE_COLLECTION_CHUNKS, LARGE_COLLECTION_EF_SEARCH, legEfSearch } from '../../src/retrieval/vector-leg.js';

describe('the vector leg ef_search', () => {
  it('keeps the session value for small collections and raises it for large ones', () => {
    expect(legEfSearch({ chunkCount: 10_000 }, 40)).toBe(SESSION_EF_SEARCH);
    expect(legEfSearch({ chunkCount: LARGE_COLLECTION_CHUNKS - 1 }, 40)).toBe(SESSION_EF_SEARCH);
    expect(legEfSearch({ chunkCount: LARGE_COLLECTION_CHUNKS }, 40)).toBe(LARGE_COLLECTION_EF_SEARCH);
  });

  it('keeps the session value for a leg that feeds fusion, whatever the collection size', () => {
    expect(legEfSearch({ chunkCount: 1_000_000 }, 40, { fused: true })).toBe(SESSION_EF_SEARCH);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 160, { fused: true })).toBe(160);
  });

  it('never asks the index for fewer candidates than the leg returns, nor beyond pgvector’s limit', () => {
    expect(legEfSearch({ chunkCount: 10 }, 250)).toBe(250);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 600)).toBe(600);
    expect(legEfSearch({ chunkCount: 1_000_000 }, 5_000)).toBe(1000);
  });
});

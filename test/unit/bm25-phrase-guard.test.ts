import { describe, expect, it } from 'vitest';
import { exactNeedles, isIdentifierLike, pinExactMatches } from '../../src/retrieval/bm25-phrase-guard.js';
import type { FusedHit } from '../../src/retrieval/fusion.js';

describe('exact needles', () => {
  it('finds quoted phrases with straight, curly and CJK quotes', () => {
    expect(exactNeedles('why does "connection  reset by peer" happen')).toEqual(['connection reset by peer']);
    expect(exactNeedles('“hybrid search” and 「검색 엔진」')).toEqual(['hybrid search', '검색 엔진']);
    expect(exactNeedles('an empty "" or "…" quote')).toEqual([]);
  });

  it('finds identifier-like tokens and trims their punctuation', () => {
    expect(exactNeedles('what does ERR_CONN_RESET mean for SKU-4711-B (0x1F4A)?')).toEqual(['ERR_CONN_RESET', 'SKU-4711-B', '0x1F4A']);
    expect(exactNeedles('upgrade to v2.3.1 from 10.0.0.1, see getUserById')).toEqual(['v2.3.1', '10.0.0.1', 'getUserById']);
  });

  it('leaves ordinary words, acronyms, hyphenated words and numbers alone', () => {
    for (const token of ['search', 'HNSW', 'PostgreSQL', 'state-of-the-art', '1.5', '2024', 'x1', 'e-mail']) {
      expect(isIdentifierLike(token), token).toBe(false);
    }
    for (const token of ['x-15', 'E11000', 'NullPointerException', 'snake_case', '2024-01-15', 'ipv6']) {
      expect(isIdentifierLike(token), token).toBe(true);
    }
  });

  it('deduplicates case-insensitively and caps the count', () => {
    expect(exactNeedles('ERR_X ERR_X err_x')).toEqual(['ERR_X']);
    expect(exactNeedles(Array.from({ length: 20 }, (_, index) => `id_${index}`).join(' '))).toHaveLength(8);
  });
});

const hit = (chunkId: string, score: number, bm25Rank?: number): FusedHit => ({
  chunkId,
  score,
  bm25Score: bm25Rank === undefined ? undefined : 10 - bm25Rank,
  bm25Rank,
  vectorScore: undefined,
  vectorRank: undefined,
  contributions: { bm25: score, vector: undefined },
  normalised: { bm25: undefined, vector: undefined },
});

describe('pinning exact matches', () => {
  const fused = [hit('a', 0.5, 1), hit('b', 0.4, 2), hit('c', 0.3, 3), hit('d', 0.2, 4)];

  it('moves matches ahead, most needles first, keeping fused order within a tier and the rest after', () => {
    const pinned = pinExactMatches(fused, [
      { chunkId: 'd', needles: 1, bm25Score: 6 },
      { chunkId: 'c', needles: 2, bm25Score: 7 },
      { chunkId: 'b', needles: 1, bm25Score: 8 },
    ]);
    expect(pinned.map((entry) => entry.chunkId)).toEqual(['c', 'b', 'd', 'a']);
    expect(pinned.find((entry) => entry.chunkId === 'd')).toEqual(fused[3]);
  });

  it('adds matches neither leg returned, with fused score 0 and their BM25 score', () => {
    const pinned = pinExactMatches(fused, [{ chunkId: 'z', needles: 1, bm25Score: 1.5 }]);
    expect(pinned.map((entry) => entry.chunkId)).toEqual(['z', 'a', 'b', 'c', 'd']);
    expect(pinned[0]).toMatchObject({ score: 0, bm25Score: 1.5, bm25Rank: undefined, vectorRank: undefined });
  });

  it('changes nothing without matches', () => {
    expect(pinExactMatches(fused, [])).toEqual(fused);
  });
});

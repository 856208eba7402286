import { describe, expect, it } from 'vitest';
import { leaderClusters } from '../../src/dedup/leader-clusters.js';
import { collapseDuplicateHits, nearDuplicateOf } from '../../src/dedup/near-duplicate-chunks.js';

describe('leaderClusters', () => {
  it('joins each question to its most similar older leader, without chaining', () => {
    // 0 ≈ 1 ≈ 2 in a chain (0 and 2 are not duplicates); 3 is closer to 1 than to 0, but 1 is no leader.
    const edges = [
      { left: 0, right: 1, similarity: 0.8 },
      { left: 1, right: 2, similarity: 0.9 },
      { left: 0, right: 3, similarity: 0.7 },
      { left: 3, right: 1, similarity: 0.95 },
    ];
    expect(leaderClusters([0, 1, 2, 3, 4], edges)).toEqual([[0, 1, 3]]);
  });

  it('keeps exact repeats with their first copy, and breaks similarity ties by age', () => {
    const edges = [
      { left: 0, right: 2, similarity: 0.7 },
      { left: 1, right: 2, similarity: 0.7 },
    ];
    expect(leaderClusters([0, 1, 2, 1, 2], edges)).toEqual([[0, 2, 4], [1, 3]]);
    expect(leaderClusters([0, 1], [])).toEqual([]);
  });
});

describe('near-identical chunks', () => {
  const notice = 'Refunds are issued to the original payment method within 14 days of the return arriving at our warehouse.';

  it('links a near-identical copy to the original of its best candidate', () => {
    const candidates = [
      { id: 'related', content: 'Refunds go to the original payment method once we receive the return.', duplicateOf: null },
      { id: 'copy', content: notice.replace('within', 'within about'), duplicateOf: 'original' },
    ];
    expect(nearDuplicateOf(`  ${notice.toUpperCase()} `, candidates)).toBe('original');
    expect(nearDuplicateOf(notice, candidates.slice(0, 1))).toBeUndefined();
    expect(nearDuplicateOf(notice, [])).toBeUndefined();
    // Same words, different number: a different fact, not a copy.
    expect(nearDuplicateOf(notice.replace('14 days', '30 days'), [{ id: 'original', content: notice, duplicateOf: null }])).toBeUndefined();
  });

  it('keeps the best-ranked hit of each group of copies', () => {
    const hits = ['copy-b', 'other', 'original', 'copy-a', 'lone-copy'].map((chunkId) => ({ chunkId }));
    const duplicateOf = new Map([['copy-a', 'original'], ['copy-b', 'original'], ['lone-copy', 'gone']]);
    expect(collapseDuplicateHits(hits, duplicateOf).map((hit) => hit.chunkId)).toEqual(['copy-b', 'other', 'lone-copy']);
  });
});

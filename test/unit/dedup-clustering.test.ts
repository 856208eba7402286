import { describe, expect, it } from 'vitest';
import { leaderClusters } from '../../src/dedup/leader-clusters.js';
import { createCorpus } from '../../scripts/bench/corpus.js';
import { collapseDuplicateHits, copyKey, nearDuplicateOf, wordShingles } from '../../src/dedup/near-duplicate-chunks.js';

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

  it('gives copies up to case, punctuation and spacing one copy key, and any other change another', () => {
    const notice = 'Returns are accepted within 14 days of delivery.';
    expect(copyKey(`  ${notice.toUpperCase().replace('RETURNS', 'Returns,')}\n`)).toBe(copyKey(notice));
    expect(copyKey('ｒｅｔｕｒｎｓ are accepted within １４ days of delivery')).toBe(copyKey(notice));
    expect(copyKey(notice.replace('14', '30'))).not.toBe(copyKey(notice));
    expect(copyKey(notice.replace('within', 'inside'))).not.toBe(copyKey(notice));
    expect(copyKey('returns are accepted')).not.toBe(copyKey('accepted are returns'));
  });

  it('tokenises ASCII text on its shortcut exactly as on the Unicode path', () => {
    // A trailing no-break space (a separator, not ASCII) sends the same text down the Unicode path.
    const alphabet = "aZ09 '`#+-_.,;:!?$%&*()[]{}<>=|~^@/\\\"\t\n\u0001";
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % alphabet.length;
    for (let sample = 0; sample < 500; sample += 1) {
      const text = Array.from({ length: 1 + (sample % 40) }, () => alphabet[next()]).join('');
      expect([...wordShingles(text)], JSON.stringify(text)).toEqual([...wordShingles(`${text}\u00a0`)]);
      expect(copyKey(text)).toBe(copyKey(`${text}\u00a0`));
    }
    expect([...wordShingles("It's C# and c++, #1")]).toEqual(['its c', 'c and', 'and c', 'c 1']);
  });

  it('keeps the best-ranked hit of each group of copies', () => {
    const hits = ['copy-b', 'other', 'original', 'copy-a', 'lone-copy'].map((chunkId) => ({ chunkId }));
    const duplicateOf = new Map([['copy-a', 'original'], ['copy-b', 'original'], ['lone-copy', 'gone']]);
    expect(collapseDuplicateHits(hits, duplicateOf).map((hit) => hit.chunkId)).toEqual(['copy-b', 'other', 'lone-copy']);
  });
});

describe('near-identical chunks at chunk length', () => {
  // Topical synthetic text: chunks drawn from the same topics share most words and nearly every character bigram.
  const corpus = createCorpus({ seed: 7, topics: 3, vocabularySize: 2000, wordsPerTopic: 200 });
  const chunks = Array.from({ length: 40 }, (_, index) => corpus.chunk(index).content);

  it('never links different chunks on the same subject', () => {
    for (const [index, content] of chunks.entries()) {
      const others = chunks.filter((_, other) => other !== index).map((text, other) => ({ id: `c${other}`, content: text, duplicateOf: null }));
      expect(nearDuplicateOf(content, others)).toBeUndefined();
    }
  });

  it('links a long copy with a few words changed, in any script', () => {
    const original = chunks[0] ?? '';
    const words = original.split(' ');
    const edited = words.map((word, index) => (index % 60 === 30 ? `${word}x` : word)).join(' ');
    expect(nearDuplicateOf(edited, [{ id: 'original', content: original, duplicateOf: null }])).toBe('original');
    const chinese = '退款将在退货到达仓库后退回原付款方式。请保留收据以便查询。';
    expect(nearDuplicateOf(chinese.replace('请', '敬请'), [{ id: 'zh', content: chinese, duplicateOf: null }])).toBe('zh');
    expect(wordShingles('a b')).toEqual(new Set(['a b']));
  });
});

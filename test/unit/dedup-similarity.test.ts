import { describe, expect, it } from 'vitest';
import { DisjointSets } from '../../src/dedup/disjoint-sets.js';
import { hashNormalized, normalizeQuestion } from '../../src/dedup/normalize.js';
import { rankMatches } from '../../src/dedup/matches.js';
import { combinedSimilarity, FALLBACK_SCORING, LOCAL_HASH_V1_SCORING, pairSignals, scoringProfileFor } from '../../src/dedup/scoring.js';
import { bigramJaccard, cosineSimilarity, lexicalProfile, numberMismatch } from '../../src/dedup/similarity.js';
import type { QuestionView } from '../../src/db/questions.js';

const side = (text: string) => {
  const normalized = normalizeQuestion(text);
  return { normalized, profile: lexicalProfile(normalized) };
};
const lexical = (left: string, right: string) => bigramJaccard(side(left).profile, side(right).profile);

describe('normalizeQuestion', () => {
  it('folds case, width, spacing, punctuation and apostrophes', () => {
    expect(normalizeQuestion('  How DO I   reset my password?!  ')).toBe('how do i reset my password');
    expect(normalizeQuestion("What's the ＡＰＩ limit…")).toBe('whats the api limit');
    expect(normalizeQuestion('e-mail\tor\nphone')).toBe('e mail or phone');
    expect(normalizeQuestion('비밀번호를   재설정하려면?')).toBe('비밀번호를 재설정하려면');
    expect(normalizeQuestion('?! ...')).toBe('');
  });

  it('keeps the marks that name different things', () => {
    expect(normalizeQuestion('Learn C++?')).toBe('learn c++');
    expect(normalizeQuestion('Learn C#?')).toBe('learn c#');
    expect(new Set(['Learn C', 'Learn C++', 'Learn C#'].map((text) => hashNormalized(normalizeQuestion(text)))).size).toBe(3);
    expect(normalizeQuestion('tag # here')).toBe('tag here');
  });
});

describe('lexical signals', () => {
  it('scores bigram Jaccard in [0, 1], symmetric, 1 for the same text', () => {
    expect(lexical('reset password', 'reset password')).toBe(1);
    expect(lexical('abc', 'xyz')).toBe(0);
    const forward = lexical('how do i reset my password', 'how can i reset my password');
    expect(forward).toBeCloseTo(lexical('how can i reset my password', 'how do i reset my password'), 12);
    expect(forward).toBeGreaterThan(0.6);
    expect(forward).toBeLessThan(1);
    // " ab ", " ab c " share " a", "ab", "b " of 5 distinct bigrams
    expect(lexical('ab', 'ab c')).toBeCloseTo(3 / 5, 12);
  });

  it('works on Korean without a tokenizer, and across astral characters', () => {
    expect(lexical('비밀번호 재설정 방법', '비밀번호 재설정은 어떻게')).toBeGreaterThan(lexical('비밀번호 재설정 방법', '배송비는 얼마인가요'));
    expect(lexical('𠀀𠀁 test', '𠀀𠀁 test')).toBe(1);
    expect(lexical('𠀀𠀁', '𠀀𠀂')).toBeLessThan(1);
  });

  it('measures the share of numbers only one side mentions', () => {
    const mismatch = (left: string, right: string) => numberMismatch(side(left).profile, side(right).profile);
    expect(mismatch('install python', 'install python 3')).toBe(1);
    expect(mismatch('python 3 on windows 11', 'python 3 on windows 10')).toBeCloseTo(2 / 3, 12);
    expect(mismatch('no numbers', 'none here')).toBe(0);
    expect(mismatch('v2 api', 'v2 api docs')).toBe(0);
  });

  it('computes cosine similarity and refuses vectors of different lengths', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
  });
});

describe('combined score', () => {
  it('is w·cosine + (1 − w)·lexical − p·numberMismatch, clamped, and 1 for exact repeats', () => {
    const profile = { cosineWeight: 0.3, numberPenalty: 0.1 };
    expect(combinedSimilarity({ cosine: 0.8, lexical: 0.5, numberMismatch: 0, exact: false }, profile)).toBeCloseTo(0.59, 12);
    expect(combinedSimilarity({ cosine: 0.8, lexical: 0.5, numberMismatch: 1, exact: false }, profile)).toBeCloseTo(0.49, 12);
    expect(combinedSimilarity({ cosine: -0.2, lexical: 0, numberMismatch: 1, exact: false }, profile)).toBe(0);
    expect(combinedSimilarity({ cosine: 0.2, lexical: 0.1, numberMismatch: 0, exact: true }, profile)).toBe(1);
    expect(pairSignals(side('How do I reset?'), side('how do i RESET'), 0.97).exact).toBe(true);
  });

  it('uses the calibrated profile for local-hash-v1, the documented fallback otherwise, and a configured threshold', () => {
    expect(scoringProfileFor('local-hash-v1')).toBe(LOCAL_HASH_V1_SCORING);
    expect(scoringProfileFor('text-embedding-3-small')).toBe(FALLBACK_SCORING);
    expect(scoringProfileFor('local-hash-v1', 0.75)).toEqual({ ...LOCAL_HASH_V1_SCORING, threshold: 0.75, source: 'configured' });
  });

  it('ranks candidates by similarity, then age, and flags exact repeats even at threshold 1', () => {
    const question = (id: string, text: string, createdAt: string): QuestionView => ({
      id, text, normalizedText: normalizeQuestion(text), normalizedHash: hashNormalized(normalizeQuestion(text)), createdAt: new Date(createdAt),
      tenantId: 't', collectionId: 'c', externalId: null, canonicalId: null, metadata: {}, embeddingDimension: 3,
    });
    const profile = { ...LOCAL_HASH_V1_SCORING, threshold: 1 };
    const ranked = rankMatches(normalizeQuestion('Reset my password?'), [
      { question: question('b', 'Reset my password', '2026-01-02'), cosine: 0.99 },
      { question: question('c', 'Reset my router', '2026-01-01'), cosine: 0.7 },
      { question: question('a', 'RESET my password!', '2026-01-01'), cosine: 0.98 },
    ], profile);
    expect(ranked.map((match) => [match.question.id, match.isDuplicate])).toEqual([['a', true], ['b', true], ['c', false]]);
  });
});

describe('DisjointSets', () => {
  it('groups connected elements, in element order', () => {
    const sets = new DisjointSets(7);
    sets.union(5, 1);
    sets.union(1, 3);
    sets.union(4, 6);
    sets.union(3, 5);
    expect(sets.groups()).toEqual([[1, 3, 5], [4, 6]]);
    expect(sets.groups(1)).toEqual([[0], [1, 3, 5], [2], [4, 6]]);
    expect(sets.find(5)).toBe(sets.find(1));
  });

  it('stays shallow over a long chain', () => {
    const count = 100_000;
    const sets = new DisjointSets(count);
    for (let element = 1; element < count; element += 1) sets.union(element - 1, element);
    expect(sets.groups()).toHaveLength(1);
    expect(sets.groups()[0]).toHaveLength(count);
  });
});

import { describe, expect, it } from 'vitest';
import { cjkSnippet, markMatches } from '../../src/text/cjk-highlight.js';
import { cjkBigrams, containsCjk, expandCjk, indexTextFor, queryTextFor } from '../../src/text/cjk.js';

describe('CJK bigrams', () => {
  it('splits a run into overlapping bigrams and keeps a single character as a unigram', () => {
    expect(cjkBigrams('검색엔진')).toEqual(['검색', '색엔', '엔진']);
    expect(cjkBigrams('책')).toEqual(['책']);
    expect(cjkBigrams('')).toEqual([]);
  });

  it('counts code points, not UTF-16 units (Han extension B)', () => {
    expect(cjkBigrams('𠀋𠀌字')).toEqual(['𠀋𠀌', '𠀌字']);
  });

  it('expands Hangul, Han, Hiragana and Katakana runs and leaves other text alone', () => {
    expect(expandCjk('검색엔진을 쓴다').split(/\s+/).filter(Boolean)).toEqual(['검색', '색엔', '엔진', '진을', '쓴다']);
    expect(expandCjk('東京都').trim()).toBe('東京 京都');
    expect(expandCjk('ひらがなカタカナー').trim()).toBe('ひら らが がな なカ カタ タカ カナ ナー');
    expect(expandCjk('PostgreSQL의 HNSW 인덱스, v2.3').split(/\s+/).filter(Boolean)).toEqual(['PostgreSQL', '의', 'HNSW', '인덱', '덱스', ',', 'v2.3']);
    expect(expandCjk('plain English, 42.')).toBe('plain English, 42.');
  });

  it('separates a CJK run from adjoining Latin text so both parse as words', () => {
    expect(expandCjk('Redis캐시')).toBe('Redis 캐시 ');
  });

  it('sets index text only for cjk-bigram collections with CJK content, and expands queries the same way', () => {
    expect(indexTextFor('standard', '검색엔진')).toBeNull();
    expect(indexTextFor('cjk-bigram', 'no cjk here')).toBeNull();
    expect(indexTextFor('cjk-bigram', '검색엔진')).toBe(' 검색 색엔 엔진 ');
    expect(queryTextFor('standard', '검색엔진')).toBe('검색엔진');
    expect(queryTextFor('cjk-bigram', '엔진')).toBe(' 엔진 ');
    expect(containsCjk('abc')).toBe(false);
    expect(containsCjk('abc가')).toBe(true);
  });
});

describe('CJK snippets', () => {
  it('marks the stretches covered by query bigrams and words', () => {
    const content = '오늘은 검색엔진의 색인 구조를 설명한다. HNSW는 벡터 검색에 쓴다.';
    expect(cjkSnippet(content, '검색 엔진 hnsw')).toBe('오늘은 <mark>검색엔진</mark>의 색인 구조를 설명한다. <mark>HNSW</mark>는 벡터 <mark>검색</mark>에 쓴다.');
  });

  it('merges overlapping bigram matches into one mark', () => {
    expect(cjkSnippet('검색엔진', '검색엔진')).toBe('<mark>검색엔진</mark>');
    expect(markMatches('ab검색', '검색')).toEqual([false, false, true, true]);
  });

  it('windows long content around the first match and falls back to the start', () => {
    const content = `${'가나 '.repeat(60)}엔진 ${'다라 '.repeat(60)}`;
    const snippet = cjkSnippet(content, '엔진', { before: 10, length: 40 });
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet.endsWith(' …')).toBe(true);
    expect(snippet).toContain('<mark>엔진</mark>');
    expect(cjkSnippet('가나다라', '마바', { length: 2 })).toBe('가나');
  });
});

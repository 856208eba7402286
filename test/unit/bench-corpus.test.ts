import { describe, expect, it } from 'vitest';
import { createCorpus } from '../../scripts/bench/corpus.js';
import { percentile } from '../../scripts/bench/series.js';

describe('bench corpus', () => {
  const corpus = createCorpus({ seed: 3, topics: 20, vocabularySize: 3000, wordsPerTopic: 300 });

  it('is a pure function of seed and index', () => {
    const again = createCorpus({ seed: 3, topics: 20, vocabularySize: 3000, wordsPerTopic: 300 });
    expect(again.chunk(41)).toEqual(corpus.chunk(41));
    expect(again.query(7)).toEqual(corpus.query(7));
    expect(createCorpus({ seed: 4, topics: 20, vocabularySize: 3000, wordsPerTopic: 300 }).chunk(41).content).not.toBe(corpus.chunk(41).content);
  });

  it('writes chunks of 150–250 words from 1–3 topics, with a 1 % bucket', () => {
    for (let index = 0; index < 200; index += 1) {
      const chunk = corpus.chunk(index);
      const words = chunk.content.split(/\s+/);
      expect(words.length).toBeGreaterThanOrEqual(150);
      expect(words.length).toBeLessThanOrEqual(250);
      expect(chunk.topics.length).toBeGreaterThanOrEqual(1);
      expect(chunk.topics.length).toBeLessThanOrEqual(3);
      expect(chunk.metadata.bucket).toBe(index % 100);
    }
  });

  it('gives chunks of one topic more shared words than chunks of different topics', () => {
    const chunks = Array.from({ length: 400 }, (_, index) => corpus.chunk(index)).filter((chunk) => chunk.topics.length === 1);
    const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}+/gu));
    const jaccard = (left: Set<string>, right: Set<string>) => [...left].filter((word) => right.has(word)).length / new Set([...left, ...right]).size;
    const same: number[] = [];
    const different: number[] = [];
    for (let left = 0; left < chunks.length; left += 1) {
      for (let right = left + 1; right < Math.min(chunks.length, left + 40); right += 1) {
        const [a, b] = [chunks[left], chunks[right]];
        if (a === undefined || b === undefined) continue;
        (a.topics[0] === b.topics[0] ? same : different).push(jaccard(words(a.content), words(b.content)));
      }
    }
    expect(same.length).toBeGreaterThan(10);
    expect(percentile(same, 0.5)).toBeGreaterThan(2 * percentile(different, 0.5));
  });

  it('draws queries of 3–8 distinct words', () => {
    for (let index = 0; index < 50; index += 1) {
      const words = corpus.query(index).text.split(' ');
      expect(new Set(words).size).toBe(words.length);
      expect(words.length).toBeGreaterThanOrEqual(3);
      expect(words.length).toBeLessThanOrEqual(8);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { cleanMarkers, collectCitations, createCitationFilter, type CitableSource } from '../../src/answering/citations.js';

const SOURCES: CitableSource[] = [
  { index: 1, chunkId: 'c1', documentId: 'd1', content: 'Ovens vary. Bake the loaf in a hot oven until the crust is dark brown. Cool it first.' },
  { index: 2, chunkId: 'c2', documentId: 'd2', content: 'Starters need feeding.\n\nFeed the sourdough starter with flour and water the night before.' },
  { index: 3, chunkId: 'c3', documentId: 'd1', content: 'HNSW indexes give approximate nearest neighbour search with high recall.' },
  { index: 4, chunkId: 'c4', documentId: 'd3', content: 'Unrelated text about caching.' },
];
const VALID = new Set(SOURCES.map((source) => source.index));

/** Feeds `text` through the streaming filter in pieces of `size` characters. */
function streamed(text: string, size: number): string {
  const filter = createCitationFilter(VALID);
  let out = '';
  for (let start = 0; start < text.length; start += size) out += filter.push(text.slice(start, start + size));
  return out + filter.flush();
}

describe('citations', () => {
  it('drops markers that point at no source, and only those', () => {
    const text = 'Bake it hot [1] [3] [9]. Feed the starter [2, 7].';
    expect(cleanMarkers(text, VALID)).toBe('Bake it hot [1] [3]. Feed the starter [2].');
    const citations = collectCitations(cleanMarkers(text, VALID), SOURCES);
    expect(citations.map((citation) => [citation.index, citation.chunkId])).toEqual([[1, 'c1'], [3, 'c3'], [2, 'c2']]);
  });

  it('quotes the sentence of the cited chunk that best supports the claim, as a substring', () => {
    const citations = collectCitations('Bake the loaf until the crust is dark [1]. Feed the starter with flour the night before.[2]', SOURCES);
    expect(citations.find((citation) => citation.index === 1)?.quote).toBe('Bake the loaf in a hot oven until the crust is dark brown.');
    expect(citations.find((citation) => citation.index === 2)?.quote).toBe('Feed the sourdough starter with flour and water the night before.');
    for (const citation of citations) expect(SOURCES[citation.index - 1]?.content).toContain(citation.quote);
  });

  it('cites nothing when the model cites nothing', () => {
    expect(collectCitations('The collection does not say.', SOURCES)).toEqual([]);
    expect(collectCitations('Only bad ones [0] [12].', SOURCES)).toEqual([]);
  });

  it('streams exactly the cleaned, trimmed text however the reply is split', () => {
    const reply = '  Bake it hot [1][9]. Starter [2 , 9] and [7]; see [note] and [3\n';
    const expected = cleanMarkers(reply, VALID).trim();
    expect(expected).toBe('Bake it hot [1]. Starter [2] and; see [note] and [3');
    for (const size of [1, 2, 3, 5, 8, 64]) expect(streamed(reply, size)).toBe(expected);
  });

  it('never holds back more than a marker could be long', () => {
    const filter = createCitationFilter(VALID);
    expect(filter.push('Hello [')).toBe('Hello');
    expect(filter.push('12')).toBe('');
    expect(filter.push('] world')).toBe(' world');
    expect(filter.push(' and [' + '1, '.repeat(20))).toBe(' and [' + '1, '.repeat(20).trimEnd());
  });
});

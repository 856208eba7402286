import { createRandom } from '../../scripts/bench/corpus.js';
/**
 * A synthetic corpus with skewed term statistics for BM25 tests: a Zipfian vocabulary (a few words in nearly every
 * chunk, a long tail of rare ones), "burst" words repeated many times in some chunks (high tf), and chunk lengths
 * spread over two orders of magnitude (length normalisation matters). Deterministic for a seed.
 */
export type SkewedDocument = { externalId: string; content: string; metadata: { shard: number; long: boolean } };

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qu', 'do'];

/** 600 distinct pseudo-words; index = Zipf rank. */
export const VOCABULARY = Array.from({ length: 600 }, (_, index) => {
  let word = '';
  for (let rest = index + 12 * 12; rest > 0; rest = Math.floor(rest / 12)) word += SYLLABLES[rest % 12];
  return word;
});

function zipfSampler(random: () => number, exponent = 1.1): () => string {
  const weights = VOCABULARY.map((_, rank) => 1 / (rank + 1) ** exponent);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative: number[] = [];
  weights.reduce((sum, weight) => (cumulative.push((sum + weight) / total), sum + weight), 0);
  return () => {
    const target = random();
    const rank = cumulative.findIndex((value) => value >= target);
    return VOCABULARY[rank === -1 ? VOCABULARY.length - 1 : rank] ?? '';
  };
}

/** `count` documents; `lengthScale` stretches every length (to move the average length in update tests). */
export function skewedDocuments({ count, seed = 1, lengthScale = 1, prefix = 'doc' }: { count: number; seed?: number; lengthScale?: number; prefix?: string }): SkewedDocument[] {
  const random = createRandom(seed);
  const word = zipfSampler(random);
  return Array.from({ length: count }, (_, index) => {
    const length = Math.round(Math.exp(Math.log(5) + random() * Math.log(80)) * lengthScale);
    const words = Array.from({ length }, word);
    for (let burst = 0; burst < 2; burst += 1) {
      const rare = VOCABULARY[100 + Math.floor(random() * 500)] ?? '';
      const repeats = 1 + Math.floor(random() * 8);
      for (let copy = 0; copy < repeats; copy += 1) words.splice(Math.floor(random() * words.length), 0, rare);
    }
    return { externalId: `${prefix}-${index}`, content: words.join(' '), metadata: { shard: index % 10, long: length > 100 } };
  });
}

/** Queries mixing a very common word, mid-frequency words, rare words and sometimes a repeated word. */
export function skewedQueries({ count, seed = 99 }: { count: number; seed?: number }): string[] {
  const random = createRandom(seed);
  const pick = (from: number, to: number) => VOCABULARY[from + Math.floor(random() * (to - from))] ?? '';
  return Array.from({ length: count }, (_, index) => {
    const words = [pick(0, 5), pick(5, 60), pick(100, 600)];
    if (index % 2 === 0) words.push(pick(60, 300), pick(300, 600));
    if (index % 5 === 0) words.push(words[1] ?? '');
    if (index % 7 === 0) words.splice(0, 1);
    return words.join(' ');
  });
}

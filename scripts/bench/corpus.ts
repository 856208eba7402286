/**
 * Synthetic benchmark text with topical structure, so nearest-neighbour figures mean something (STACK.md: a corpus
 * drawn from one global Zipf has no neighbourhoods and HNSW recall collapses on it).
 *
 * - A shared vocabulary of pronounceable pseudo-words (consonant-vowel syllables, 4+ letters).
 * - ~200 topics; each topic is a Zipfian distribution (rank r has weight 1/(r+1)^s) over its own random subset of
 *   the vocabulary, so topics overlap in their tails but differ in their heads, as subject areas do.
 * - A background Zipf over the whole vocabulary plays the part of common words every text shares.
 * - Each chunk mixes 1–3 topics with random weights plus the background, 150–250 words in sentences.
 * - Queries mix 1–2 topics and take 3–8 distinct words from them.
 *
 * Everything is a pure function of (seed, index): chunk i can be regenerated at any time, so a 1M-chunk corpus
 * never has to sit in memory.
 */

export type CorpusOptions = {
  seed?: number;
  topics?: number;
  vocabularySize?: number;
  wordsPerTopic?: number;
  /** Zipf exponent of the topic and background distributions. @default 1.0 */
  zipfExponent?: number;
  /** Share of a chunk's words drawn from the background distribution. @default 0.25 */
  backgroundShare?: number;
};

export type SyntheticChunk = {
  index: number;
  externalId: string;
  content: string;
  /** `bucket` takes 100 values evenly, so `{ bucket: b }` selects 1 % of the corpus, unrelated to topics. */
  metadata: { bucket: number };
  topics: number[];
};

export type SyntheticQuery = { text: string; topics: number[] };

type Distribution = { words: Uint32Array; cumulative: Float64Array };

export type Corpus = {
  seed: number;
  vocabulary: readonly string[];
  chunk(index: number): SyntheticChunk;
  query(index: number): SyntheticQuery;
};

/** A small, fast, seedable PRNG (mulberry32); returns floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with a stream name and an index into an independent 32-bit seed (murmur3 finaliser). */
export function deriveSeed(seed: number, stream: number, index: number): number {
  return fmix32(seed ^ Math.imul(stream, 0x9e3779b1) ^ Math.imul(index, 0x85ebca77));
}

/** murmur3's 32-bit finaliser: every input bit moves every output bit (an unsigned 32-bit result). */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'tr', 'st', 'pl'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];

function makeVocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  while (words.size < size) {
    const syllables = 2 + Math.floor(random() * 3);
    let word = '';
    for (let index = 0; index < syllables; index += 1) word += pick(ONSETS) + pick(VOWELS);
    if (word.length >= 4) words.add(word);
  }
  return [...words];
}

function zipf(words: Uint32Array, exponent: number): Distribution {
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let rank = 0; rank < words.length; rank += 1) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }
  for (let rank = 0; rank < words.length; rank += 1) cumulative[rank] = (cumulative[rank] ?? 0) / total;
  return { words, cumulative };
}

function sample({ words, cumulative }: Distribution, random: () => number): number {
  const target = random();
  let [low, high] = [0, cumulative.length - 1];
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cumulative[middle] ?? 1) < target) low = middle + 1;
    else high = middle;
  }
  return words[low] ?? 0;
}

function shuffledIndexes(count: number, random: () => number): Uint32Array {
  const indexes = Uint32Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [indexes[index], indexes[other]] = [indexes[other] ?? 0, indexes[index] ?? 0];
  }
  return indexes;
}

function distinctTopics(count: number, topicCount: number, random: () => number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * topicCount));
  return [...chosen];
}

const CHUNK_STREAM = 1;
const QUERY_STREAM = 2;

/** Builds the corpus model (vocabulary and topic distributions); chunks and queries are generated on demand. */
export function createCorpus({
  seed = 1,
  topics = 200,
  vocabularySize = 40_000,
  wordsPerTopic = 1_500,
  zipfExponent = 1.0,
  backgroundShare = 0.25,
}: CorpusOptions = {}): Corpus {
  const random = createRandom(deriveSeed(seed, 0, 0));
  const vocabulary = makeVocabulary(vocabularySize, random);
  const background = zipf(shuffledIndexes(vocabularySize, random), zipfExponent);
  const topicDistributions = Array.from({ length: topics }, () =>
    zipf(shuffledIndexes(vocabularySize, random).slice(0, wordsPerTopic), zipfExponent),
  );
  const topicOf = (index: number): Distribution => topicDistributions[index] ?? background;

  const chunk = (index: number): SyntheticChunk => {
    const rng = createRandom(deriveSeed(seed, CHUNK_STREAM, index));
    const roll = rng();
    const chosen = distinctTopics(roll < 0.5 ? 1 : roll < 0.85 ? 2 : 3, topics, rng);
    const weights = chosen.map(() => 0.2 + rng());
    const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
    const length = 150 + Math.floor(rng() * 101);
    const sentences: string[] = [];
    let sentence: string[] = [];
    let sentenceLength = 8 + Math.floor(rng() * 13);
    for (let position = 0; position < length; position += 1) {
      let distribution = background;
      if (rng() >= backgroundShare) {
        let pick = rng() * weightSum;
        let topicIndex = 0;
        while (topicIndex < chosen.length - 1 && pick >= (weights[topicIndex] ?? 0)) pick -= weights[topicIndex++] ?? 0;
        distribution = topicOf(chosen[topicIndex] ?? 0);
      }
      sentence.push(vocabulary[sample(distribution, rng)] ?? '');
      if (sentence.length >= sentenceLength || position === length - 1) {
        const text = sentence.join(' ');
        sentences.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
        sentence = [];
        sentenceLength = 8 + Math.floor(rng() * 13);
      }
    }
    return { index, externalId: `doc-${index}`, content: sentences.join(' '), metadata: { bucket: index % 100 }, topics: chosen };
  };

  const query = (index: number): SyntheticQuery => {
    const rng = createRandom(deriveSeed(seed, QUERY_STREAM, index));
    const chosen = distinctTopics(rng() < 0.6 ? 1 : 2, topics, rng);
    const wanted = 3 + Math.floor(rng() * 6);
    const words = new Set<string>();
    for (let attempt = 0; words.size < wanted && attempt < 1000; attempt += 1) {
      words.add(vocabulary[sample(topicOf(chosen[Math.floor(rng() * chosen.length)] ?? 0), rng)] ?? '');
    }
    return { text: [...words].join(' '), topics: chosen };
  };

  return { seed, vocabulary, chunk, query };
}

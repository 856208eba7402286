import { LOCAL_EMBEDDING_MODEL } from '../config.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Embedder } from './embedder.js';

/**
 * `local-hash-v1`: a deterministic, offline embedding by feature hashing. No model files, no network, no randomness;
 * the same text gives the same vector on every machine, so stored vectors stay valid across restarts.
 *
 * 1. Normalise: Unicode NFKC, then lowercase.
 * 2. Tokenise into runs of letters, digits and marks (`\p{L}\p{N}\p{M}`). Runs in Han, Hangul, Hiragana or Katakana
 *    are kept apart, because those scripts do not separate words with spaces (or, for Korean, attach particles).
 * 3. Features, each hashed with 32-bit FNV-1a over UTF-16 code units, seeded by feature kind and finished with
 *    murmur3's `fmix32` for well-spread low bits:
 *    - word unigram (weight 1) and bigram of adjacent words (0.5);
 *    - character 3-, 4- and 5-grams of `#word#` (0.2 each), so inflections and typos still overlap;
 *    - CJK runs: character unigrams (0.5) and bigrams (1), since a character bigram approximates a word there.
 *    A built-in English stop-word list scales a word's unigram, its bigrams and its n-grams by 0.2: common words
 *    would otherwise dominate every vector and crowd distances together (an IDF-like prior, with no corpus needed).
 *    They are not dropped, so a text made only of stop words still gets a meaningful vector.
 * 4. Count each distinct feature; its value is `weight × (1 + ln tf)` (sublinear TF).
 * 5. Add the value into bucket `hash mod dimension`, with the sign taken from the top bit of a second hash
 *    (`fmix32(hash ^ 0x9e3779b9)`), so colliding features cancel on average instead of piling up.
 * 6. L2-normalise. Text with no tokens maps to a fixed unit vector on a reserved feature, never the zero vector,
 *    which has no cosine similarity.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SIGN_SEED = 0x9e3779b9;
const WEIGHT = { word: 1, bigram: 0.5, char: 0.2, cjkUnigram: 0.5, cjkBigram: 1, stopWord: 0.2 } as const;
const BOUNDARY = 0x23; // '#'; never inside a token, so it cannot be confused with a real character.
const MAX_NGRAM_WORD_LENGTH = 40; // longer runs are ids or base64; their n-grams cost time and carry no meaning.
const DOCUMENTS_PER_YIELD = 256;

const CJK = String.raw`[\p{scx=Han}\p{scx=Hangul}\p{scx=Hiragana}\p{scx=Katakana}]`;
const WORD_CHAR = String.raw`[\p{L}\p{N}\p{M}]`;
// Set operations need the `v` flag, which the ES2023 compile target cannot check in a literal; Node 20 supports it.
// Shared and reset per text: embedding is synchronous, so no two texts ever use it at once.
const TOKEN_PATTERN = new RegExp(`([${WORD_CHAR}&&${CJK}]+)|[${WORD_CHAR}--${CJK}]+`, 'gv');

const STOP_WORDS = (
  'a about above after again against all am an and any are as at be because been before being below between both ' +
  'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
  'him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ' +
  'ours out over own same she should so some such than that the their theirs them then there these they this those ' +
  'through to too under until up very was we were what when where which while who whom why will with would you ' +
  'your yours'
).split(' ');

function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

// Each feature kind starts from its own basis, so the word "the" and the n-gram "the" in "other" never share a hash.
const kindBasis = (kind: number): number => fnvStep(FNV_OFFSET, kind);
const BASIS = {
  word: kindBasis(1),
  bigram: kindBasis(2),
  char: kindBasis(3),
  cjkUnigram: kindBasis(4),
  cjkBigram: kindBasis(5),
  empty: kindBasis(6),
} as const;

function hashRange(text: string, start: number, end: number, basis: number): number {
  let h = basis;
  for (let index = start; index < end; index += 1) h = fnvStep(h, text.charCodeAt(index));
  return fmix32(h);
}

// Compared by hash, so looking a word up allocates no substring.
const STOP_WORD_HASHES = new Set(STOP_WORDS.map((word) => hashRange(word, 0, word.length, BASIS.word)));
const MAX_STOP_WORD_LENGTH = Math.max(...STOP_WORDS.map((word) => word.length));

/** Open-addressing table of feature hash → count, reused between texts so embedding allocates almost nothing. */
class FeatureCounts {
  private keys = new Uint32Array(8192);
  private counts = new Float32Array(8192);
  private weights = new Float32Array(8192);
  private occupied = new Uint8Array(8192);
  private used = new Int32Array(8192);
  size = 0;

  /** Counts `times` more occurrences of a feature; true when the feature is new to this text. */
  add(hash: number, weight: number, times = 1): boolean {
    if (this.size * 2 >= this.keys.length) this.grow();
    const slot = this.slotFor(hash);
    if (this.occupied[slot] === 0) {
      this.claim(slot, hash, times, weight);
      return true;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + times;
    return false;
  }

  countOf(hash: number): number {
    const slot = this.slotFor(hash);
    return this.occupied[slot] === 1 ? (this.counts[slot] ?? 0) : 0;
  }

  /** Adds every feature's signed sublinear value into `vector`, then empties the table. */
  drainInto(vector: Float32Array): void {
    for (let index = 0; index < this.size; index += 1) {
      const slot = this.used[index] ?? 0;
      const hash = this.keys[slot] ?? 0;
      const value = (this.weights[slot] ?? 0) * (1 + Math.log(this.counts[slot] ?? 1));
      const bucket = hash % vector.length;
      vector[bucket] = (vector[bucket] ?? 0) + (fmix32(hash ^ SIGN_SEED) >>> 31 === 1 ? -value : value);
      this.occupied[slot] = 0;
    }
    this.size = 0;
  }

  /** Linear probing: the slot holding `hash`, or the empty slot where it belongs. */
  private slotFor(hash: number): number {
    const mask = this.keys.length - 1;
    let slot = hash & mask;
    while (this.occupied[slot] === 1 && this.keys[slot] !== hash) slot = (slot + 1) & mask;
    return slot;
  }

  private claim(slot: number, hash: number, count: number, weight: number): void {
    this.occupied[slot] = 1;
    this.keys[slot] = hash;
    this.counts[slot] = count;
    this.weights[slot] = weight;
    this.used[this.size] = slot;
    this.size += 1;
  }

  private grow(): void {
    const old = { keys: this.keys, counts: this.counts, weights: this.weights, used: this.used, size: this.size };
    const capacity = old.keys.length * 2;
    this.keys = new Uint32Array(capacity);
    this.counts = new Float32Array(capacity);
    this.weights = new Float32Array(capacity);
    this.occupied = new Uint8Array(capacity);
    this.used = new Int32Array(capacity);
    this.size = 0;
    for (let index = 0; index < old.size; index += 1) {
      const slot = old.used[index] ?? 0;
      const hash = old.keys[slot] ?? 0;
      this.claim(this.slotFor(hash), hash, old.counts[slot] ?? 1, old.weights[slot] ?? 0);
    }
  }
}

/** Where a word first occurs, its hash, and the weight its n-grams get. */
interface DistinctWord {
  start: number;
  end: number;
  hash: number;
  ngramWeight: number;
}

/** Character 3–5-grams of `#word#`, hashed incrementally so no n-gram string is built. */
function addCharNgrams(counts: FeatureCounts, text: string, word: DistinctWord, times: number): void {
  const { start, end, ngramWeight } = word;
  // Positions run over the padded word: start - 1 and end stand for the boundary markers.
  for (let first = start - 1; first + 3 <= end + 1; first += 1) {
    let h = BASIS.char;
    const last = Math.min(first + 5, end + 1);
    for (let position = first; position < last; position += 1) {
      h = fnvStep(h, position < start || position === end ? BOUNDARY : text.charCodeAt(position));
      if (position - first >= 2) counts.add(fmix32(h), ngramWeight, times);
    }
  }
}

/** Character unigrams and bigrams of a CJK run, by code point so astral Han characters stay whole. */
function addCjkRun(counts: FeatureCounts, text: string, start: number, end: number): void {
  let previous = -1;
  for (let index = start; index < end; ) {
    const codePoint = text.codePointAt(index) ?? 0;
    counts.add(fmix32(fnvStep(BASIS.cjkUnigram, codePoint)), WEIGHT.cjkUnigram);
    if (previous >= 0) {
      const bigram = fnvStep(fnvStep(BASIS.cjkBigram, previous), codePoint);
      counts.add(fmix32(bigram), WEIGHT.cjkBigram);
    }
    previous = codePoint;
    index += codePoint > 0xffff ? 2 : 1;
  }
}

/**
 * Words, bigrams and CJK features go straight into `counts`; each distinct word is returned once so its n-grams can
 * be added with its count. Repeated words (most of a text, by Zipf's law) then cost no n-gram hashing at all.
 */
function addWordFeatures(counts: FeatureCounts, text: string): DistinctWord[] {
  const distinct: DistinctWord[] = [];
  const tokens = TOKEN_PATTERN;
  tokens.lastIndex = 0;
  let previousWord = 0;
  let previousFactor = 0; // 0 means "no previous word": bigrams never span a CJK run.
  for (let match = tokens.exec(text); match !== null; match = tokens.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[1] !== undefined) {
      addCjkRun(counts, text, start, end);
      previousFactor = 0;
      continue;
    }
    const word = hashRange(text, start, end, BASIS.word);
    const factor = end - start <= MAX_STOP_WORD_LENGTH && STOP_WORD_HASHES.has(word) ? WEIGHT.stopWord : 1;
    if (counts.add(word, WEIGHT.word * factor) && end - start <= MAX_NGRAM_WORD_LENGTH) {
      distinct.push({ start, end, hash: word, ngramWeight: WEIGHT.char * factor });
    }
    if (previousFactor > 0) {
      const bigram = fmix32(fnvStep(fnvStep(BASIS.bigram, previousWord), word));
      counts.add(bigram, WEIGHT.bigram * Math.min(factor, previousFactor));
    }
    previousWord = word;
    previousFactor = factor;
  }
  return distinct;
}

function addFeatures(counts: FeatureCounts, rawText: string): void {
  const text = rawText.normalize('NFKC').toLowerCase();
  const distinct = addWordFeatures(counts, text);
  for (const word of distinct) addCharNgrams(counts, text, word, counts.countOf(word.hash));
}

function toUnitVector(vector: Float32Array): number[] {
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  const scale = 1 / Math.sqrt(sumOfSquares);
  const result = new Array<number>(vector.length);
  for (let index = 0; index < vector.length; index += 1) result[index] = (vector[index] ?? 0) * scale;
  return result;
}

/**
 * Creates the offline `local-hash-v1` embedder (algorithm above).
 * @param options.dimension vector length; changing it changes every vector. @default 384
 */
export function createLocalEmbedder({ dimension = 384 }: { dimension?: number } = {}): Embedder {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
  }
  const counts = new FeatureCounts();
  const emptyFeature = hashRange('', 0, 0, BASIS.empty);

  const embed = (text: string): number[] => {
    addFeatures(counts, text);
    if (counts.size === 0) counts.add(emptyFeature, 1);
    const vector = new Float32Array(dimension);
    counts.drainInto(vector);
    // Every feature could in theory cancel in its bucket; fall back to the reserved feature rather than divide by 0.
    if (vector.every((value) => value === 0)) vector[emptyFeature % dimension] = 1;
    return toUnitVector(vector);
  };

  return {
    model: LOCAL_EMBEDDING_MODEL,
    dimension,
    async embedDocuments(texts, { signal } = {}) {
      const vectors: number[][] = [];
      for (const [index, text] of texts.entries()) {
        // Embedding is synchronous CPU work; yielding now and then keeps the server answering during large ingests.
        if (index > 0 && index % DOCUMENTS_PER_YIELD === 0) await yieldToEventLoop();
        signal?.throwIfAborted();
        vectors.push(embed(text));
      }
      return vectors;
    },
    async embedQuery(text, { signal } = {}) {
      signal?.throwIfAborted();
      return embed(text);
    },
  };
}

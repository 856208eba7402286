/**
 * Pure similarity signals for duplicate detection. Every text argument here is already normalised
 * (`normalizeQuestion`), so the functions compare what a reader would call the same words.
 */

/** A text's lexical fingerprint: sorted, distinct character bigrams, plus the tokens that contain a digit. */
export type LexicalProfile = { bigrams: Float64Array; numbers: ReadonlySet<string> };

// A code point pair packs into one float exactly: 0x110000² < 2⁵³.
const CODE_POINTS = 0x110000;
const HAS_DIGIT = /\p{N}/u;

/**
 * Distinct character bigrams of ` text ` (padded with a space, so the first and last letters of every word pair
 * with a word boundary). Bigrams need no tokenizer: in Korean, Chinese and Japanese a character bigram is the usual
 * stand-in for a word, and in English they overlap across inflections ("reset"/"resetting").
 */
export function lexicalProfile(normalized: string): LexicalProfile {
  const codePoints = Array.from(` ${normalized} `, (character) => character.codePointAt(0) ?? 0);
  const keys = new Set<number>();
  for (let index = 1; index < codePoints.length; index += 1) {
    keys.add((codePoints[index - 1] ?? 0) * CODE_POINTS + (codePoints[index] ?? 0));
  }
  const bigrams = Float64Array.from(keys).sort();
  const numbers = new Set(normalized.split(' ').filter((token) => HAS_DIGIT.test(token)));
  return { bigrams, numbers };
}

/** Jaccard similarity of the two bigram sets, |A ∩ B| / |A ∪ B|, in [0, 1]; two empty texts count as identical. */
export function bigramJaccard(left: LexicalProfile, right: LexicalProfile): number {
  const a = left.bigrams;
  const b = right.bigrams;
  if (a.length === 0 && b.length === 0) return 1;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return shared / (a.length + b.length - shared);
}

/**
 * Share of the number-bearing tokens (versions, years, amounts, error codes) that only one side mentions, in [0, 1];
 * 0 when neither mentions a number. "Python 2 vs Python 3" or "$2.5 billion vs $1.8 billion" look almost identical
 * letter by letter, but a different number usually means a different question.
 */
export function numberMismatch(left: LexicalProfile, right: LexicalProfile): number {
  const union = new Set([...left.numbers, ...right.numbers]);
  if (union.size === 0) return 0;
  let onlyOneSide = 0;
  for (const token of union) if (!(left.numbers.has(token) && right.numbers.has(token))) onlyOneSide += 1;
  return onlyOneSide / union.size;
}

/** Cosine similarity of two vectors of equal length (0 when either is the zero vector). */
export function cosineSimilarity(left: readonly number[], right: readonly number[]): number {
  if (left.length !== right.length) throw new RangeError(`vectors differ in length: ${left.length} vs ${right.length}`);
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index += 1) {
    const x = left[index] ?? 0;
    const y = right[index] ?? 0;
    dot += x * y;
    leftNorm += x * x;
    rightNorm += y * y;
  }
  return leftNorm === 0 || rightNorm === 0 ? 0 : dot / Math.sqrt(leftNorm * rightNorm);
}

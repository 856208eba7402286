import { createHash } from 'node:crypto';

/**
 * Question normalisation shared by exact-repeat detection (the stored `normalized_hash`) and the lexical signal.
 *
 * NFKC folds compatibility forms (full-width Latin, ligatures, circled digits) into their plain letters; lowercase
 * folds case. Apostrophes vanish without a gap, so "what's" and "whats" agree. Other punctuation separates words,
 * except a `#` right after a letter or digit ("C#", "F#"), which names something. Symbols (`+`, `$`, `%`, `=`) are
 * kept, so "C++" stays different from "C". Whitespace runs collapse to one space.
 */
const APOSTROPHES = /['\u2019\u02bc`]/gu;
const SEPARATORS = /(?<![\p{L}\p{N}])#|[^\p{L}\p{N}\p{M}\p{S}#]+/gu;
const SPACES = /\s+/gu;

export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .replace(SPACES, ' ')
    .trim();
}

/** The stored `normalized_hash`: equal hashes are exact repeats, always duplicates. */
export function hashNormalized(normalized: string): string {
  return createHash('sha256').update(normalized).digest('hex');
}

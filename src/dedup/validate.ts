import { badInput } from '../errors.js';
import { normalizeQuestion } from './normalize.js';

/** Checks of meaning the SDL cannot express, shared by every duplicate-question entry point. */

/** A question is a sentence or a short paragraph; longer text is a document and belongs in `ingestDocument`. */
export const MAX_QUESTION_CHARS = 4096;
export const DEFAULT_MATCH_LIMIT = 10;
export const MAX_MATCH_LIMIT = 100;

/** Returns the normalised text; rejects empty, punctuation-only and over-long questions. */
export function validateQuestionText(text: string): string {
  if (text.length > MAX_QUESTION_CHARS) throw badInput(`question must be at most ${MAX_QUESTION_CHARS} characters, got ${text.length}`);
  const normalized = normalizeQuestion(text);
  if (normalized === '') throw badInput('question must contain at least one letter or digit');
  return normalized;
}

export function validateThreshold(threshold: number | undefined): void {
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw badInput(`threshold must be in [0, 1], got ${threshold}`);
}

export function validateLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_MATCH_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_MATCH_LIMIT) throw badInput(`limit must be an integer in 1..${MAX_MATCH_LIMIT}`);
  return value;
}

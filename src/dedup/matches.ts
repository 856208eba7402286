import type { Database } from '../db/client.js';
import { findQuestionsByHash, nearestQuestions, type QuestionNeighbour, type QuestionScope, type QuestionView } from '../db/questions.js';
import { combinedSimilarity, isDuplicateScore, pairSignals, type ScoringProfile } from './scoring.js';
import { lexicalProfile } from './similarity.js';

/** One earlier question ranked against the asked one, with the signals its score was made of. */
export type DuplicateMatch = {
  question: QuestionView;
  /** The combined, calibrated score in [0, 1]; 1 for an exact (normalised) repeat. */
  similarity: number;
  cosineSimilarity: number;
  lexicalSimilarity: number;
  isDuplicate: boolean;
};

/** The asked question: normalised text, its hash and its embedding. */
export type AskedQuestion = { normalized: string; normalizedHash: string; embedding: readonly number[] };

const MIN_CANDIDATES = 40;

/**
 * Candidates are the HNSW neighbours by cosine (K = max(4 × limit, 40), so re-ranking by the combined score has room)
 * plus every exact repeat found by hash, which is a duplicate whatever the index returns.
 */
export async function findMatches(
  db: Database,
  {
    scope,
    asked,
    profile,
    limit,
    excludeId,
  }: { scope: QuestionScope; asked: AskedQuestion; profile: ScoringProfile; limit: number; excludeId?: string | undefined },
): Promise<DuplicateMatch[]> {
  const wanted = limit + (excludeId === undefined ? 0 : 1);
  const neighbours = await nearestQuestions(db, { ...scope, embedding: asked.embedding, limit: Math.max(4 * wanted, MIN_CANDIDATES) });
  const repeats = await findQuestionsByHash(db, { ...scope, normalizedHash: asked.normalizedHash, limit: wanted });
  const seen = new Set(neighbours.map((neighbour) => neighbour.question.id));
  // A repeat the index did not return has the same normalised text, so its embedding is (nearly) the same.
  const missing = repeats.filter((question) => !seen.has(question.id)).map((question) => ({ question, cosine: 1 }));
  const candidates = [...neighbours, ...missing].filter((candidate) => candidate.question.id !== excludeId);
  return rankMatches(asked.normalized, candidates, profile).slice(0, limit);
}

/** Scores candidates against the asked text and ranks them: similarity, then oldest first, then id. */
export function rankMatches(askedNormalized: string, candidates: readonly QuestionNeighbour[], profile: ScoringProfile): DuplicateMatch[] {
  const asked = { normalized: askedNormalized, profile: lexicalProfile(askedNormalized) };
  const matches = candidates.map(({ question, cosine }) => {
    const other = { normalized: question.normalizedText, profile: lexicalProfile(question.normalizedText) };
    const signals = pairSignals(asked, other, cosine);
    const similarity = combinedSimilarity(signals, profile);
    return {
      question,
      similarity,
      cosineSimilarity: cosine,
      lexicalSimilarity: signals.lexical,
      isDuplicate: isDuplicateScore(similarity, signals, profile.threshold),
    };
  });
  return matches.sort(
    (a, b) =>
      b.similarity - a.similarity ||
      a.question.createdAt.getTime() - b.question.createdAt.getTime() ||
      a.question.id.localeCompare(b.question.id),
  );
}

/** The question a duplicate links to: its match's own canonical question when the match is itself a duplicate. */
export function rootOf(question: Pick<QuestionView, 'id' | 'canonicalId'>): string {
  return question.canonicalId ?? question.id;
}

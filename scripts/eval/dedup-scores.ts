import { normalizeQuestion } from '../../src/dedup/normalize.js';
import { combinedSimilarity, pairSignals, type PairSignals, type ScoringWeights } from '../../src/dedup/scoring.js';
import { cosineSimilarity, lexicalProfile } from '../../src/dedup/similarity.js';
import type { Embedder } from '../../src/llm/embedder.js';
import type { LabelledPair } from './dedup-data.js';

/**
 * One labelled split, scored once: the raw pair signals of src/dedup (so any weights can be tried without
 * embedding again), the TF-IDF baseline's score and the gold labels, all in pair order.
 */
export type ScoredSplit = { signals: PairSignals[]; tfidf: number[]; labels: boolean[] };

export async function scoreSplit(
  embedder: Embedder,
  pairs: readonly LabelledPair[],
  tfidf: (left: string, right: string) => number,
): Promise<ScoredSplit> {
  const vectors = await embedder.embedDocuments(pairs.flatMap((pair) => [pair.left, pair.right]));
  const side = (text: string) => {
    const normalized = normalizeQuestion(text);
    return { normalized, profile: lexicalProfile(normalized) };
  };
  const signals = pairs.map((pair, index) =>
    pairSignals(side(pair.left), side(pair.right), cosineSimilarity(vectors[2 * index] ?? [], vectors[2 * index + 1] ?? [])),
  );
  return { signals, tfidf: pairs.map((pair) => tfidf(pair.left, pair.right)), labels: pairs.map((pair) => pair.duplicate) };
}

/** The product's combined score of every pair under `weights`. */
export function combinedScores(split: ScoredSplit, weights: ScoringWeights): number[] {
  return split.signals.map((signals) => combinedSimilarity(signals, weights));
}

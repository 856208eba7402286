import { createRandom, deriveSeed } from '../bench/corpus.js';

/**
 * Binary-decision metrics for duplicate detection and the threshold calibration behind `npm run eval:dup`.
 * A pair is predicted a duplicate when its score is ≥ the threshold.
 */
export type Confusion = { precision: number; recall: number; f1: number; accuracy: number; errorRate: number };

/** Precision, recall, F1 and accuracy at one threshold; precision is 0 (not NaN) when nothing is predicted. */
export function confusionAt(scores: readonly number[], labels: readonly boolean[], threshold: number): Confusion {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  scores.forEach((score, index) => {
    const predicted = score >= threshold;
    if (predicted && labels[index] === true) truePositives += 1;
    else if (predicted) falsePositives += 1;
    else if (labels[index] === true) falseNegatives += 1;
  });
  const precision = truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 0 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const errors = falsePositives + falseNegatives;
  return { precision, recall, f1, accuracy: 1 - errors / scores.length, errorRate: errors / scores.length };
}

/**
 * The threshold with the highest F1 on a calibration set: every cut between two distinct scores is tried, and the
 * threshold is placed halfway between them, so a held-out score equal to neither still falls on a defined side.
 */
export function bestF1Threshold(scores: readonly number[], labels: readonly boolean[]): { threshold: number; f1: number } {
  const order = scores.map((_, index) => index).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const positives = labels.filter(Boolean).length;
  let truePositives = 0;
  let best = { threshold: Number.POSITIVE_INFINITY, f1: 0 };
  order.forEach((index, rank) => {
    if (labels[index] === true) truePositives += 1;
    const score = scores[index] ?? 0;
    const next = scores[order[rank + 1] ?? -1];
    if (next === score) return; // a cut inside a run of equal scores is not a threshold
    const precision = truePositives / (rank + 1);
    const recall = positives === 0 ? 0 : truePositives / positives;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (f1 > best.f1) best = { threshold: next === undefined ? score : (score + next) / 2, f1 };
  });
  return best;
}

/**
 * F1 of a score with its threshold chosen out of sample: the pairs are shuffled (seeded) into `folds`, each fold is
 * judged at the F1-optimal threshold of the others, and the pooled decisions give one F1; the mean over `repeats`
 * shuffles smooths out the luck of one split. In-sample `bestF1Threshold` F1 rewards a score for fitting the
 * calibration set's quirks; this measures what the weights are chosen for: F1 at a threshold set on other pairs.
 * @default folds 5, repeats 10, seed 1
 */
export function crossValidatedF1(
  scores: readonly number[],
  labels: readonly boolean[],
  { folds = 5, repeats = 10, seed = 1 }: { folds?: number; repeats?: number; seed?: number } = {},
): number {
  let sum = 0;
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    const order = shuffled(scores.length, createRandom(deriveSeed(seed, 0, repeat)));
    const predicted: number[] = new Array<number>(scores.length);
    for (let fold = 0; fold < folds; fold += 1) {
      const inFold = (position: number) => position % folds === fold;
      const train = order.filter((_, position) => !inFold(position));
      const { threshold } = bestF1Threshold(train.map((index) => scores[index] ?? 0), train.map((index) => labels[index] === true));
      order.forEach((index, position) => {
        if (inFold(position)) predicted[index] = (scores[index] ?? 0) >= threshold ? 1 : 0;
      });
    }
    sum += confusionAt(predicted, labels, 1).f1;
  }
  return sum / repeats;
}

/** 0..count-1 in a seeded Fisher–Yates order. */
function shuffled(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] ?? other, order[index] ?? index];
  }
  return order;
}

const WORD = /[\p{L}\p{N}_]{2,}/gu;

/**
 * The baseline: cosine of TF-IDF vectors as scikit-learn's TfidfVectorizer defaults build them (lowercase, tokens of
 * 2+ word characters, raw term counts, smooth idf = ln((1 + n) / (1 + df)) + 1, L2-normalised), with document
 * frequencies from `documents` (the calibration split's sentences; unseen terms get df = 0).
 */
export function createTfidfSimilarity(documents: readonly string[]): (left: string, right: string) => number {
  const tokenize = (text: string) => text.toLowerCase().match(WORD) ?? [];
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const term of new Set(tokenize(document))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const idf = (term: string) => Math.log((1 + documents.length) / (1 + (documentFrequency.get(term) ?? 0))) + 1;
  const vectorize = (text: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const term of tokenize(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
    let norm = 0;
    for (const [term, count] of counts) {
      const weight = count * idf(term);
      counts.set(term, weight);
      norm += weight * weight;
    }
    for (const [term, weight] of counts) counts.set(term, weight / Math.sqrt(norm));
    return counts;
  };
  return (left, right) => {
    const a = vectorize(left);
    const b = vectorize(right);
    let dot = 0;
    for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
    return dot;
  };
}

import type { ScoringWeights } from '../../src/dedup/scoring.js';
import { bestF1Threshold, confusionAt, crossValidatedF1 } from './dedup-metrics.js';
import { combinedScores, type ScoredSplit } from './dedup-scores.js';
import type { TableRow } from './report.js';

/** A data set's non-test splits: `calibrate` sets the threshold, `validate` (optional) checks that it carries over. */
export type WeightSearchSet = { name: string; calibrate: ScoredSplit; validate?: ScoredSplit | undefined };
export type WeightMargins = { weights: ScoringWeights; margins: { check: string; margin: number }[]; worst: number };

const COSINE_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const NUMBER_PENALTIES = [0, 0.1, 0.2, 0.3];

/**
 * Every grid point's F1 margin over the TF-IDF baseline, each side judged the same way: cross-validated F1 on each
 * calibration split, and F1 on each validation split at the threshold calibrated on its calibration split. Ranked by
 * the worst margin, since the goal is to beat the baseline on every set, not on average: a mean lets a large lead on
 * one set hide a loss on another. Test splits play no part.
 */
export function searchWeights(sets: readonly WeightSearchSet[]): WeightMargins[] {
  const checks = sets.flatMap((set) => checksOf(set));
  const baseline = checks.map((check) => check.evaluate((split) => split.tfidf));
  const results: WeightMargins[] = [];
  for (const cosineWeight of COSINE_WEIGHTS) {
    for (const numberPenalty of NUMBER_PENALTIES) {
      const weights = { cosineWeight, numberPenalty };
      const margins = checks.map((check, index) => ({
        check: check.name,
        margin: check.evaluate((split) => combinedScores(split, weights)) - (baseline[index] ?? 0),
      }));
      results.push({ weights, margins, worst: Math.min(...margins.map(({ margin }) => margin)) });
    }
  }
  // A stable sort: equal margins keep grid order, so the smaller weight and penalty come first.
  return results.sort((a, b) => b.worst - a.worst);
}

type Check = { name: string; evaluate: (score: (split: ScoredSplit) => number[]) => number };

function checksOf({ name, calibrate, validate }: WeightSearchSet): Check[] {
  const checks: Check[] = [{ name: `${name} calibration (cross-validated)`, evaluate: (score) => crossValidatedF1(score(calibrate), calibrate.labels) }];
  if (validate !== undefined) {
    checks.push({
      name: `${name} validation`,
      evaluate: (score) => confusionAt(score(validate), validate.labels, bestF1Threshold(score(calibrate), calibrate.labels).threshold).f1,
    });
  }
  return checks;
}

// Four decimals with a sign: margins are small, and their sign is the point.
const signed = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(4)}`;

/** The best `count` grid points as table rows: weights, then each check's margin over the baseline. */
export function weightRows(results: readonly WeightMargins[], count: number): TableRow[] {
  return results.slice(0, count).map(({ weights, margins, worst }) => ({
    w: weights.cosineWeight,
    p: weights.numberPenalty,
    'worst margin': signed(worst),
    ...Object.fromEntries(margins.map(({ check, margin }) => [check, signed(margin)])),
  }));
}

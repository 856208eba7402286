import { loadConfig } from '../../src/config.js';
import { scoringProfileFor } from '../../src/dedup/scoring.js';
import { createEmbedder } from '../../src/llm/create-embedder.js';
import { loadDedupDatasets, type EvalDataset } from './dedup-data.js';
import { bestF1Threshold, confusionAt, createTfidfSimilarity } from './dedup-metrics.js';
import { combinedScores, scoreSplit, type ScoredSplit } from './dedup-scores.js';
import { searchWeights, weightRows } from './dedup-weights.js';
import { printTable, type TableRow } from './report.js';

/**
 * `npm run eval:dup`: calibrates the duplicate threshold of the configured embedder (default `local-hash-v1`) on
 * MRPC train and STS-B dev, and reports precision/recall/F1 on their test splits beside a TF-IDF cosine baseline
 * calibrated the same way. No database: the embedder and the pure scoring functions of src/dedup run directly.
 * `-- --search-weights` also prints the (cosine weight, number penalty) grid the shipped weights were chosen from
 * (src/dedup/scoring.ts says how). DEDUP_DATA_DIR overrides the data directory (default ../shared/data).
 */
type Method = { name: string; score: (split: ScoredSplit) => number[] };
type ScoredDataset = { dataset: EvalDataset; calibrate: ScoredSplit; validate?: ScoredSplit | undefined; test: ScoredSplit };

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const embedder = createEmbedder(config);
const profile = scoringProfileFor(embedder.model, config.dedup.duplicateThreshold);
const datasets = loadDedupDatasets(process.env['DEDUP_DATA_DIR']);
const searching = process.argv.includes('--search-weights');

async function scoreDataset(dataset: EvalDataset): Promise<ScoredDataset> {
  // The baseline's document frequencies come from the calibration split, as a deployed baseline's would from the past.
  const tfidf = createTfidfSimilarity(dataset.calibrate.flatMap((pair) => [pair.left, pair.right]));
  const score = (pairs: EvalDataset['calibrate']) => scoreSplit(embedder, pairs, tfidf);
  return {
    dataset,
    calibrate: await score(dataset.calibrate),
    // Only the weight search reads the validation split; scoring it costs seconds.
    validate: searching && dataset.validate !== undefined ? await score(dataset.validate) : undefined,
    test: await score(dataset.test),
  };
}

const combined: Method = {
  name: `combined (w=${profile.cosineWeight}, p=${profile.numberPenalty})`,
  score: (split) => combinedScores(split, profile),
};
const baseline: Method = { name: 'TF-IDF cosine (baseline)', score: (split) => split.tfidf };
const methods: Method[] = [
  combined,
  { name: 'cosine only', score: (split) => split.signals.map((signals) => signals.cosine) },
  { name: 'lexical only (bigram Jaccard)', score: (split) => split.signals.map((signals) => signals.lexical) },
  baseline,
];

function row(dataset: EvalDataset, method: string, threshold: number, test: ScoredSplit, testScores: number[]): TableRow {
  const metrics = confusionAt(testScores, test.labels, threshold);
  return {
    dataset: dataset.name,
    method,
    threshold: Number(threshold.toFixed(3)),
    precision: metrics.precision,
    recall: metrics.recall,
    F1: metrics.f1,
    'error rate': metrics.errorRate,
    'test pairs': test.labels.length,
  };
}

const scored: ScoredDataset[] = [];
for (const dataset of datasets) scored.push(await scoreDataset(dataset));
const rows: TableRow[] = [];
const summary: string[] = [];
for (const { dataset, calibrate, test } of scored) {
  const calibration = dataset.splits.split(' ')[0];
  const f1 = new Map<Method, number>();
  for (const method of methods) {
    const { threshold } = bestF1Threshold(method.score(calibrate), calibrate.labels);
    const result = row(dataset, `${method.name}, calibrated on ${calibration}`, threshold, test, method.score(test));
    f1.set(method, Number(result['F1']));
    rows.push(result);
    if (method === combined && dataset.setsDefault) {
      summary.unshift(`Default threshold for ${embedder.model}: ${threshold.toFixed(3)} calibrated on ${dataset.name} ${calibration}; in use: ${profile.threshold} (${profile.source}).`);
    }
  }
  rows.push(row(dataset, `combined at the default in use`, profile.threshold, test, combined.score(test)));
  const margin = (f1.get(combined) ?? 0) - (f1.get(baseline) ?? 0);
  summary.push(`${dataset.name}: combined F1 − TF-IDF baseline F1 = ${margin >= 0 ? '+' : '−'}${Math.abs(margin).toFixed(4)} on test.`);
}
printTable(rows, `Duplicate detection (embedder ${embedder.model}, ${embedder.dimension}d): threshold from the calibration split, figures on test`);
process.stdout.write(`${summary.join('\n')}\n\n`);
if (searching) {
  const results = searchWeights(scored.map(({ dataset, calibrate, validate }) => ({ name: dataset.name, calibrate, validate })));
  printTable(weightRows(results, 8), 'Weight search (best 8 of the grid by worst F1 margin over the TF-IDF baseline; no test pairs)');
  // The rule src/dedup/scoring.ts documents: the embedding must count in the score, so w = 0 is not a candidate.
  const pick = results.find((result) => result.weights.cosineWeight > 0);
  if (pick !== undefined) process.stdout.write(`Pick (best with w > 0): w=${pick.weights.cosineWeight}, p=${pick.weights.numberPenalty}; in use: w=${profile.cosineWeight}, p=${profile.numberPenalty}.\n\n`);
}

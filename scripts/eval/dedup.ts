import { loadConfig } from '../../src/config.js';
import { normalizeQuestion } from '../../src/dedup/normalize.js';
import { combinedSimilarity, pairSignals, scoringProfileFor, type PairSignals, type ScoringProfile } from '../../src/dedup/scoring.js';
import { cosineSimilarity, lexicalProfile } from '../../src/dedup/similarity.js';
import { createEmbedder } from '../../src/llm/create-embedder.js';
import { loadDedupDatasets, type EvalDataset, type LabelledPair } from './dedup-data.js';
import { bestF1Threshold, confusionAt, createTfidfSimilarity } from './dedup-metrics.js';
import { printTable, type TableRow } from './report.js';

/**
 * `npm run eval:dup`: calibrates the duplicate threshold of the configured embedder (default `local-hash-v1`) on
 * MRPC train and STS-B dev, and reports precision/recall/F1 on their test splits beside a TF-IDF cosine baseline
 * calibrated the same way. No database: the embedder and the pure scoring functions of src/dedup run directly.
 * `-- --search-weights` also prints the (cosine weight, number penalty) grid the shipped weights were chosen from.
 * DEDUP_DATA_DIR overrides the data directory (default ../shared/data).
 */
type Scored = { signals: PairSignals[]; tfidf: number[]; labels: boolean[] };
type Method = { name: string; score: (split: Scored, index: number) => number };

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const embedder = createEmbedder(config);
const profile = scoringProfileFor(embedder.model, config.dedup.duplicateThreshold);
const datasets = loadDedupDatasets(process.env['DEDUP_DATA_DIR']);

async function scoreSplit(pairs: readonly LabelledPair[], tfidf: (left: string, right: string) => number): Promise<Scored> {
  const texts = pairs.flatMap((pair) => [pair.left, pair.right]);
  const vectors = await embedder.embedDocuments(texts);
  const side = (text: string) => {
    const normalized = normalizeQuestion(text);
    return { normalized, profile: lexicalProfile(normalized) };
  };
  const signals = pairs.map((pair, index) =>
    pairSignals(side(pair.left), side(pair.right), cosineSimilarity(vectors[2 * index] ?? [], vectors[2 * index + 1] ?? [])),
  );
  return { signals, tfidf: pairs.map((pair) => tfidf(pair.left, pair.right)), labels: pairs.map((pair) => pair.duplicate) };
}

async function scoreDataset(dataset: EvalDataset): Promise<{ calibrate: Scored; test: Scored }> {
  const tfidf = createTfidfSimilarity(dataset.calibrate.flatMap((pair) => [pair.left, pair.right]));
  return { calibrate: await scoreSplit(dataset.calibrate, tfidf), test: await scoreSplit(dataset.test, tfidf) };
}

const scores = (split: Scored, method: Method) => split.signals.map((_, index) => method.score(split, index));
const combined = (weights: Pick<ScoringProfile, 'cosineWeight' | 'numberPenalty'>): Method['score'] => (split, index) =>
  combinedSimilarity(split.signals[index] ?? { cosine: 0, lexical: 0, numberMismatch: 0, exact: false }, weights);

const methods: Method[] = [
  { name: `combined (w=${profile.cosineWeight}, p=${profile.numberPenalty})`, score: combined(profile) },
  { name: 'cosine only', score: (split, index) => split.signals[index]?.cosine ?? 0 },
  { name: 'lexical only (bigram Jaccard)', score: (split, index) => split.signals[index]?.lexical ?? 0 },
  { name: 'TF-IDF cosine (baseline)', score: (split, index) => split.tfidf[index] ?? 0 },
];

function row(dataset: EvalDataset, method: string, threshold: number, test: Scored, testScores: number[]): TableRow {
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

function searchWeights(scored: { calibrate: Scored }[]): void {
  const grid: TableRow[] = [];
  for (let step = 0; step <= 10; step += 1) {
    for (const numberPenalty of [0, 0.1, 0.2]) {
      const weights = { cosineWeight: step / 10, numberPenalty };
      const f1s = scored.map(({ calibrate }) => bestF1Threshold(scores(calibrate, { name: '', score: combined(weights) }), calibrate.labels).f1);
      grid.push({ w: weights.cosineWeight, p: numberPenalty, 'mean calibration F1': f1s.reduce((a, b) => a + b, 0) / f1s.length });
    }
  }
  grid.sort((a, b) => Number(b['mean calibration F1']) - Number(a['mean calibration F1']));
  printTable(grid.slice(0, 8), 'Weight search (best 8 of the grid; calibration splits only)');
}

const scored: { calibrate: Scored; test: Scored }[] = [];
for (const dataset of datasets) scored.push(await scoreDataset(dataset));
const rows: TableRow[] = [];
const summary: string[] = [];
datasets.forEach((dataset, index) => {
  const { calibrate, test } = scored[index] ?? { calibrate: undefined, test: undefined };
  if (calibrate === undefined || test === undefined) return;
  const f1 = new Map<Method, number>();
  for (const method of methods) {
    const { threshold } = bestF1Threshold(scores(calibrate, method), calibrate.labels);
    const result = row(dataset, `${method.name}, calibrated on ${dataset.splits.split(' ')[0]}`, threshold, test, scores(test, method));
    f1.set(method, Number(result['F1']));
    rows.push(result);
    if (method === methods[0] && dataset.setsDefault) {
      summary.unshift(`Default threshold for ${embedder.model}: ${threshold.toFixed(3)} calibrated on ${dataset.name} ${dataset.splits.split(' ')[0]}; in use: ${profile.threshold} (${profile.source}).`);
    }
  }
  rows.push(row(dataset, `combined at the default in use`, profile.threshold, test, scores(test, methods[0] as Method)));
  const margin = (f1.get(methods[0] as Method) ?? 0) - (f1.get(methods[3] as Method) ?? 0);
  summary.push(`${dataset.name}: combined F1 − TF-IDF baseline F1 = ${margin >= 0 ? '+' : '−'}${Math.abs(margin).toFixed(4)} on test.`);
});
printTable(rows, `Duplicate detection (embedder ${embedder.model}, ${embedder.dimension}d): threshold from the calibration split, figures on test`);
process.stdout.write(`${summary.join('\n')}\n\n`);
if (process.argv.includes('--search-weights')) searchWeights(scored);

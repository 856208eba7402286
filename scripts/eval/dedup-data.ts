import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Loaders for the labelled paraphrase sets behind `npm run eval:dup` (formats: PROVENANCE.md beside each set).
 * Both are tab-separated with literal, unescaped quotes, so lines are split on tabs and never parsed as CSV.
 */
export type LabelledPair = { left: string; right: string; duplicate: boolean };

export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../shared/data', import.meta.url));

/** STS-B pairs at or above this gold score count as duplicates (a common binarisation; 5 = equivalent). */
export const STS_DUPLICATE_SCORE = 4;

/** MRPC: UTF-8 with a BOM, a header line, then `label  id1  id2  sentence1  sentence2` (label 1 = paraphrase). */
export function parseMrpc(text: string): LabelledPair[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n').slice(1);
  return lines.filter((line) => line.trim() !== '').map((line, index) => {
    const fields = line.replace(/\r$/, '').split('\t');
    const [label, , , left, right] = fields;
    if (fields.length !== 5 || (label !== '0' && label !== '1') || left === undefined || right === undefined) {
      throw new Error(`MRPC line ${index + 2}: expected 5 tab-separated fields with a 0/1 label`);
    }
    return { left, right, duplicate: label === '1' };
  });
}

/** STS-B: no header; `genre  source  year  id  score  sentence1  sentence2  [attribution1  attribution2]`. */
export function parseSts(text: string, duplicateScore = STS_DUPLICATE_SCORE): LabelledPair[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line, index) => {
    const fields = line.replace(/\r$/, '').split('\t');
    const score = Number(fields[4]);
    const [left, right] = [fields[5], fields[6]];
    if ((fields.length !== 7 && fields.length !== 9) || !Number.isFinite(score) || left === undefined || right === undefined) {
      throw new Error(`STS-B line ${index + 1}: expected 7 or 9 tab-separated fields with a numeric score`);
    }
    return { left, right, duplicate: score >= duplicateScore };
  });
}

/**
 * `setsDefault`: the product's default threshold is calibrated on this set (see src/dedup/scoring.ts for why).
 * `validate`: more labelled pairs, never the test split, on which the weight search checks that a threshold set on
 * `calibrate` carries over to pairs of other sources.
 */
export type EvalDataset = {
  name: string;
  calibrate: LabelledPair[];
  validate?: LabelledPair[] | undefined;
  test: LabelledPair[];
  splits: string;
  setsDefault: boolean;
};

/**
 * MRPC (train to calibrate, test to report) and STS-B (dev to calibrate, test to report; train to validate the
 * weights: its genres and years mix differently from dev's, as test's do).
 */
export function loadDedupDatasets(dataDir = DEFAULT_DATA_DIR): EvalDataset[] {
  const read = (path: string) => readFileSync(`${dataDir}/${path}`, 'utf8');
  return [
    {
      name: 'MRPC',
      splits: 'train → test',
      setsDefault: false,
      calibrate: parseMrpc(read('mrpc/msr_paraphrase_train.txt')),
      test: parseMrpc(read('mrpc/msr_paraphrase_test.txt')),
    },
    {
      name: `STS-B (≥ ${STS_DUPLICATE_SCORE})`,
      splits: 'dev → test',
      setsDefault: true,
      calibrate: parseSts(read('stsbenchmark/sts-dev.csv')),
      validate: parseSts(read('stsbenchmark/sts-train.csv')),
      test: parseSts(read('stsbenchmark/sts-test.csv')),
    },
  ];
}

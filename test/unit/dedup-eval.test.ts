import { describe, expect, it } from 'vitest';
import { parseMrpc, parseSts } from '../../scripts/eval/dedup-data.js';
import { createRandom } from '../../scripts/bench/corpus.js';
import { bestF1Threshold, confusionAt, createTfidfSimilarity, crossValidatedF1 } from '../../scripts/eval/dedup-metrics.js';
import type { ScoredSplit } from '../../scripts/eval/dedup-scores.js';
import { searchWeights } from '../../scripts/eval/dedup-weights.js';

describe('dedup eval loaders', () => {
  it('parses MRPC with its BOM, header and unescaped quotes', () => {
    const text = '\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\tHe said "yes".\tHe said yes.\n0\t3\t4\tA\tB\n';
    expect(parseMrpc(text)).toEqual([
      { left: 'He said "yes".', right: 'He said yes.', duplicate: true },
      { left: 'A', right: 'B', duplicate: false },
    ]);
    expect(() => parseMrpc('header\n2\t1\t2\ta\tb\n')).toThrow(/line 2/);
  });

  it('parses STS-B rows of 7 or 9 fields and binarises at score 4', () => {
    const text = 'main-news\tsrc\t2012\t0001\t4.000\tA cat.\tThe cat.\nmain-forum\tsrc\t2015\t0002\t3.800\tX\tY\tattr1\tattr2\n';
    expect(parseSts(text)).toEqual([
      { left: 'A cat.', right: 'The cat.', duplicate: true },
      { left: 'X', right: 'Y', duplicate: false },
    ]);
    expect(() => parseSts('a\tb\tc\td\tnot-a-number\tx\ty\n')).toThrow(/line 1/);
  });
});

describe('dedup eval metrics', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.2];
  const labels = [true, true, false, true, false];

  it('computes precision, recall, F1 and error rate at a threshold', () => {
    const at = confusionAt(scores, labels, 0.65);
    expect(at.precision).toBeCloseTo(2 / 3, 12);
    expect(at.recall).toBeCloseTo(2 / 3, 12);
    expect(at.f1).toBeCloseTo(2 / 3, 12);
    expect(at.errorRate).toBeCloseTo(2 / 5, 12);
    expect(confusionAt(scores, labels, 0.95)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('picks the F1-optimal cut halfway between two scores', () => {
    // cut below 0.6: P 3/4, R 1 → F1 6/7, better than 2/3 (below 0.8 … 0.7) and 0.8 (below 0.8: P 1, R 2/3)
    expect(bestF1Threshold(scores, labels)).toEqual({ threshold: 0.4, f1: expect.closeTo(6 / 7, 12) });
    expect(bestF1Threshold([0.5, 0.5, 0.1], [true, false, false]).threshold).toBe(0.3);
  });

  it('builds the TF-IDF cosine baseline with smooth idf and unit vectors', () => {
    const similarity = createTfidfSimilarity(['the cat sat', 'the dog sat', 'a bird flew']);
    expect(similarity('the cat sat', 'the cat sat')).toBeCloseTo(1, 12);
    expect(similarity('cat', 'bird')).toBe(0);
    expect(similarity('the cat', 'the dog')).toBeLessThan(similarity('cat sat', 'cat flew'));
    expect(similarity('', 'cat')).toBe(0);
  });
});

describe('weight calibration', () => {
  const random = createRandom(7);
  const labels = Array.from({ length: 400 }, () => random() < 0.4);

  it('cross-validates F1: perfect on separable scores, below the in-sample F1 when scores carry no signal', () => {
    const separable = labels.map((label) => (label ? 0.6 + random() * 0.4 : random() * 0.4));
    expect(crossValidatedF1(separable, labels)).toBe(1);
    const noise = labels.map(() => random());
    const inSample = bestF1Threshold(noise, labels).f1;
    expect(crossValidatedF1(noise, labels)).toBeLessThan(inSample);
    expect(crossValidatedF1(noise, labels, { seed: 3 })).toBe(crossValidatedF1(noise, labels, { seed: 3 }));
  });

  it('ranks grid points by their worst margin over the baseline, set by set', () => {
    // Letters decide the label, the cosine is noise, the baseline is half signal: the search must favour w = 0.
    const split = (): ScoredSplit => ({
      signals: labels.map((label) => ({ cosine: random(), lexical: label ? 0.5 + random() / 2 : random() / 2, numberMismatch: 0, exact: false })),
      tfidf: labels.map((label) => (label ? 0.3 : 0) + random() * 0.7),
      labels,
    });
    const ranked = searchWeights([{ name: 'a', calibrate: split(), validate: split() }, { name: 'b', calibrate: split() }]);
    expect(ranked[0]?.weights.cosineWeight).toBe(0);
    expect(ranked[0]?.margins.map(({ check }) => check)).toEqual(['a calibration (cross-validated)', 'a validation', 'b calibration (cross-validated)']);
    expect(ranked[0]?.worst).toBe(Math.min(...(ranked[0]?.margins.map(({ margin }) => margin) ?? [])));
    expect(ranked.at(-1)?.weights.cosineWeight).toBe(1);
  });
});

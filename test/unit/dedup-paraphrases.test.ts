import { describe, expect, it } from 'vitest';
import { normalizeQuestion } from '../../src/dedup/normalize.js';
import { combinedSimilarity, isDuplicateScore, LOCAL_HASH_V1_SCORING, pairSignals } from '../../src/dedup/scoring.js';
import { cosineSimilarity, lexicalProfile } from '../../src/dedup/similarity.js';
import { createLocalEmbedder } from '../../src/llm/local-embedder.js';
import { PARAPHRASE_PAIRS } from '../support/paraphrase-pairs.js';

/**
 * The error rate `npm run eval:dup` reports for the combined score at the shipped threshold on STS-B test, the
 * held-out split of the set the threshold was calibrated on (0.233 at 0.578; MRPC test at 0.578: 0.296).
 */
const REPORTED_ERROR_RATE = 0.233;

const embedder = createLocalEmbedder();

async function judge(left: string, right: string, threshold = LOCAL_HASH_V1_SCORING.threshold) {
  const [leftVector, rightVector] = await embedder.embedDocuments([left, right]);
  const side = (text: string) => ({ normalized: normalizeQuestion(text), profile: lexicalProfile(normalizeQuestion(text)) });
  const signals = pairSignals(side(left), side(right), cosineSimilarity(leftVector ?? [], rightVector ?? []));
  const similarity = combinedSimilarity(signals, LOCAL_HASH_V1_SCORING);
  return { similarity, duplicate: isDuplicateScore(similarity, signals, threshold) };
}

describe('hand-labelled paraphrase pairs at the calibrated threshold (local-hash-v1)', () => {
  it('has at least 30 labelled pairs in English and Korean, both labels in each language', () => {
    expect(PARAPHRASE_PAIRS.length).toBeGreaterThanOrEqual(30);
    for (const lang of ['en', 'ko'] as const) {
      const pairs = PARAPHRASE_PAIRS.filter((pair) => pair.lang === lang);
      expect(new Set(pairs.map((pair) => pair.duplicate))).toEqual(new Set([true, false]));
    }
  });

  it('misclassifies no more pairs than the eval error rate', async () => {
    const errors: string[] = [];
    for (const pair of PARAPHRASE_PAIRS) {
      const { similarity, duplicate } = await judge(pair.left, pair.right);
      if (duplicate !== pair.duplicate) errors.push(`${pair.duplicate ? 'missed' : 'false'} ${similarity.toFixed(3)}: ${pair.left} | ${pair.right}`);
    }
    expect(errors.length / PARAPHRASE_PAIRS.length, errors.join('\n')).toBeLessThanOrEqual(REPORTED_ERROR_RATE);
  });

  it('always treats exact, whitespace and case variants as duplicates, whatever the threshold', async () => {
    const variants: [string, string][] = [
      ['How do I reset my password?', 'How do I reset my password?'],
      ['How do I reset my password?', '  how   do i RESET my password  '],
      ['Where is my order #1234?', 'WHERE IS MY ORDER 1234'],
      ['환불 정책이 어떻게 되나요?', '환불  정책이   어떻게 되나요'],
      ["What's new in v2.0?", 'whats new in v2 0'],
    ];
    for (const [left, right] of variants) {
      expect(await judge(left, right, 1), `${left} | ${right}`).toEqual({ similarity: 1, duplicate: true });
    }
  });
});

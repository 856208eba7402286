import { existsSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { defaultCranfieldDir, loadCranfield, parseSmartRecords } from '../../scripts/eval/cranfield-data.js';
import type { CranfieldData } from '../../scripts/eval/cranfield-data.js';
import { averagePrecision, mean, median, ndcgAt, recallAt } from '../../scripts/eval/metrics.js';
import { formatTable } from '../../scripts/eval/report.js';
import { dedupeKeepFirst } from '../../scripts/eval/run-cranfield.js';

describe('ndcgAt', () => {
  const gains = new Map([
    ['a', 3],
    ['b', 2],
    ['c', 1],
  ]);

  it('discounts graded gains by log2(rank + 1) against the ideal ordering', () => {
    // DCG = 1/log2(2) + 0 + 3/log2(4) = 2.5; IDCG = 3 + 2/log2(3) + 1/2 = 4.761859…
    expect(ndcgAt(['c', 'x', 'a'], gains, 3)).toBeCloseTo(2.5 / (3.5 + 2 / Math.log2(3)), 10);
    expect(ndcgAt(['c', 'x', 'a'], gains, 3)).toBeCloseTo(0.525005, 5);
  });

  it('is 1 for the ideal ranking and ignores results below the cut-off', () => {
    expect(ndcgAt(['a', 'b', 'c', 'x'], gains, 10)).toBeCloseTo(1, 10);
    expect(ndcgAt(['x', 'a'], gains, 1)).toBe(0);
  });

  it('builds the ideal from every judged gain, retrieved or not', () => {
    // Only 'a' retrieved: 3 / (3 + 2/log2(3)) = 0.703918…
    expect(ndcgAt(['a'], new Map([['a', 3], ['b', 2]]), 2)).toBeCloseTo(0.703918, 5);
    // One judged doc at rank 2, k beyond the list: (4/log2(3)) / 4 = 0.630930…
    expect(ndcgAt(['x', 'a'], new Map([['a', 4]]), 10)).toBeCloseTo(0.63093, 5);
  });

  it('scores 0 when nothing is judged relevant', () => {
    expect(ndcgAt(['a'], new Map(), 10)).toBe(0);
  });
});

describe('averagePrecision and recallAt', () => {
  const relevant = new Set(['a', 'b', 'c']);

  it('averages precision at each relevant hit over all relevant documents', () => {
    // hits at ranks 1 and 3: (1/1 + 2/3) / 3 = 0.5556; 'c' is never retrieved and still counts in R
    expect(averagePrecision(['a', 'x', 'b', 'y'], relevant)).toBeCloseTo(5 / 9, 10);
    expect(averagePrecision(['a', 'b', 'c'], relevant)).toBe(1);
    expect(averagePrecision(['x'], new Set())).toBe(0);
  });

  it('counts relevant documents within the cut-off', () => {
    expect(recallAt(['a', 'x', 'b', 'y'], relevant, 2)).toBeCloseTo(1 / 3, 10);
    expect(recallAt(['a', 'x', 'b', 'y'], relevant, 100)).toBeCloseTo(2 / 3, 10);
    expect(recallAt([], new Set(), 10)).toBe(0);
  });

  it('aggregates with mean and median', () => {
    expect(mean([0.5, 1, 0])).toBeCloseTo(0.5, 10);
    expect(mean([])).toBeNaN();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('dedupes chunk hits keeping the first rank of each document', () => {
    expect(dedupeKeepFirst(['7', '3', '7', '1', '3'])).toEqual(['7', '3', '1']);
  });
});

describe('formatTable', () => {
  it('aligns columns, prints 3 decimals and keeps integers whole', () => {
    const table = formatTable(
      [
        { name: 'bm25', ndcg10: 0.38512, queries: 225 },
        { name: 'hybrid-rrf', ndcg10: 0.4, queries: 225 },
      ],
      'Cranfield',
    );
    expect(table.split('\n')).toEqual([
      'Cranfield',
      'name        ndcg10  queries',
      '----------  ------  -------',
      'bm25         0.385      225',
      'hybrid-rrf   0.400      225',
    ]);
  });
});

describe('SMART parser', () => {
  it('keeps stray field markers inside an abstract as abstract text', () => {
    const [record] = parseSmartRecords('.I 7\r\n.T\r\ntitle\r\n.A\r\nsmith\r\n.W\r\nbody\r\n.A\r\nmore body\r\n');
    expect(record?.fields.get('A')).toEqual(['smith']);
    expect(record?.fields.get('W')).toEqual(['body', 'more body']);
  });
});

describe('loadCranfield on the shared collection', () => {
  const dir = defaultCranfieldDir();
  const missing = !existsSync(dir);
  const skipNote = `Cranfield data not found at ${dir}; these tests read it in place and are skipped without it`;
  let loaded: Promise<CranfieldData> | undefined;
  const data = (): Promise<CranfieldData> => (loaded ??= loadCranfield(dir));

  it('parses 1,400 documents and 225 queries numbered by position', async ({ skip }) => {
    skip(missing, skipNote);
    const { documents, queries } = await data();
    expect(documents).toHaveLength(1400);
    expect(documents[0]?.id).toBe('1');
    expect(documents[1399]?.id).toBe('1400');
    expect(documents[0]?.title).toBe('experimental investigation of the aerodynamics of a wing in a slipstream .');
    expect(documents[0]?.author).toBe('brenckman,m.');
    expect(documents[0]?.text.startsWith(`${documents[0]?.title}\n\nexperimental investigation`)).toBe(true);
    // Doc 240 has stray `.A`/`.B` lines in its abstract: the author must stay clean, the text must stay whole.
    const doc240 = documents.find((document) => document.id === '240');
    expect(doc240?.author).toBe('dean r. chapman');
    expect(doc240?.text).toContain('application to turbulent separations');
    expect(queries).toHaveLength(225);
    expect(queries.map((query) => query.number)).toEqual(Array.from({ length: 225 }, (_, index) => index + 1));
    // Query 3 is `.I 004` in cran.qry: the qrels number by position, not by `.I`.
    expect(queries[2]?.text).toContain('heat conduction in composite slabs');
  });

  it('maps relevance codes to gain 5 − code and drops code −1', async ({ skip }) => {
    skip(missing, skipNote);
    const { qrels } = await data();
    expect(qrels.size).toBe(225);
    // 1,837 lines minus the 225 code −1 lines.
    expect([...qrels.values()].reduce((sum, judgments) => sum + judgments.size, 0)).toBe(1612);
    const query1 = qrels.get(1);
    expect(query1?.size).toBe(28);
    expect(query1?.get('184')).toBe(3); // code 2
    expect(query1?.get('12')).toBe(2); // code 3
    expect(query1?.get('13')).toBe(1); // code 4
    expect(query1?.has('486')).toBe(false); // code −1
    expect(qrels.get(2)?.get('12')).toBe(4); // code 1
  });
});

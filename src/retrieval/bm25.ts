/**
 * BM25, Lucene form (DESIGN §6). Pure functions: the SQL leg computes exactly these formulas in float8, and unit
 * tests check both against hand-computed values.
 *
 *   idf(t)   = ln(1 + (N − df + 0.5) / (df + 0.5))
 *   qw(t)    = 2·qtf / (1 + qtf)            (a term repeated in the query counts more, with diminishing returns)
 *   score(d) = Σ_t qw · idf · tf·(k1 + 1) / (tf + k1·(1 − b + b·dl/avgdl))
 */
export type Bm25Parameters = { k1: number; b: number };

export const DEFAULT_BM25: Bm25Parameters = { k1: 1.2, b: 0.75 };

export function inverseDocumentFrequency(chunkCount: number, documentFrequency: number): number {
  return Math.log(1 + (chunkCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

export function queryTermWeight(queryTermFrequency: number): number {
  return (2 * queryTermFrequency) / (1 + queryTermFrequency);
}

export function termScore(
  { termFrequency, chunkLength, averageLength }: { termFrequency: number; chunkLength: number; averageLength: number },
  { k1, b }: Bm25Parameters = DEFAULT_BM25,
): number {
  const norm = averageLength > 0 ? chunkLength / averageLength : 1;
  return (termFrequency * (k1 + 1)) / (termFrequency + k1 * (1 - b + b * norm));
}

export type CorpusStatistics = {
  chunkCount: number;
  averageLength: number;
  documentFrequency: (term: string) => number;
};

/** Scores one chunk given its term frequencies: the reference the SQL implementation is tested against. */
export function bm25Score(
  { query, chunk, chunkLength }: { query: ReadonlyMap<string, number>; chunk: ReadonlyMap<string, number>; chunkLength: number },
  corpus: CorpusStatistics,
  parameters: Bm25Parameters = DEFAULT_BM25,
): number {
  let score = 0;
  for (const [term, queryTermFrequency] of query) {
    const termFrequency = chunk.get(term) ?? 0;
    const documentFrequency = corpus.documentFrequency(term);
    if (termFrequency === 0 || documentFrequency === 0) continue;
    score +=
      queryTermWeight(queryTermFrequency) *
      inverseDocumentFrequency(corpus.chunkCount, documentFrequency) *
      termScore({ termFrequency, chunkLength, averageLength: corpus.averageLength }, parameters);
  }
  return score;
}

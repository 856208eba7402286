import type { SearchOutput } from '../../retrieval/search.js';
import type { SearchResultParent } from '../mappers.js';

/** Shapes a search service result for the SearchResult/SearchHit field resolvers. */
export function toSearchResult(
  output: SearchOutput,
  { query, explain, fusion, mode }: { query: string; explain: boolean; fusion: string; mode: string },
): SearchResultParent {
  const fusionLabel = mode === 'HYBRID' ? fusion : mode;
  return {
    hits: output.hits.map((hit) => ({ ...hit, query, explain, fusion: fusionLabel, textSearchConfig: output.collection.textSearchConfig })),
    tookMs: output.tookMs,
    cached: output.cached,
    pageInfo: { hasNextPage: output.hasNextPage, endCursor: output.endCursor ?? null },
  };
}

import type { CollectionRow } from '../db/schema.js';
import type { FusedHit } from '../retrieval/fusion.js';

/** What resolvers hand to the generated parent types; field resolvers fill in the rest through loaders. */
export type SearchHitParent = FusedHit & { query: string; textSearchConfig: string; explain: boolean; fusion: string };
export type SearchResultParent = {
  hits: SearchHitParent[];
  tookMs: number;
  cached: boolean;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
export type CollectionConnectionParent = {
  nodes: CollectionRow[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

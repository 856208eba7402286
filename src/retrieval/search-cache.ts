import { collectionCacheKey } from '../cache/keys.js';
import { lookup, store, type Codec } from '../cache/read-through.js';
import type { CollectionRow } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import type { FusedHit } from './fusion.js';
import type { ChunkFilterInput, SearchInput } from './search.js';

/**
 * Cache-aside for search pages (DESIGN §9). What is stored is the ranked page only — chunk ids with scores, ranks
 * and explain numbers, `hasNextPage`, the cursor — never chunk or document rows: a cached hit still resolves them
 * through the request's loaders, so it can never show content the viewer's tenant cannot read or a deleted row.
 * The key holds the collection version, so any write to the collection makes every older entry unreachable.
 */
export type SearchPage = { hits: FusedHit[]; hasNextPage: boolean; endCursor: string | undefined };

/** Bump when SearchPage's stored shape changes: entries in the old shape then miss instead of being misread. */
const SEARCH_CACHE_FORMAT = 1;

type Resolved = { mode: string; fusion: string; alpha: number; pageSize: number };

/**
 * Hashes every input field except the ones the key holds already (tenant, collection) or that `pageSize` replaces
 * (`limit`, `first`), so a parameter added to SearchInput later is part of the key without anyone remembering to.
 */
export function searchCacheKey(collection: CollectionRow, input: SearchInput, resolved: Resolved): string {
  const { tenantId: _tenantId, collection: _name, limit: _limit, first: _first, filter, ...rest } = input;
  const params = { ...withoutNulls(rest), ...resolved, filter: normaliseFilter(filter), format: SEARCH_CACHE_FORMAT };
  return collectionCacheKey({ tenantId: collection.tenantId, collectionId: collection.id, version: collection.version, kind: 'search', params });
}

export async function readSearchPage(deps: AppDeps, key: string): Promise<SearchPage | undefined> {
  return lookup(deps, { kind: 'search', key, codec: searchPageCodec });
}

export function storeSearchPage(deps: AppDeps, key: string, page: SearchPage): void {
  store(deps, { key, value: page, ttlSeconds: deps.config.cache.ttlSeconds.search, codec: searchPageCodec });
}

/** Id lists are sets: their order must not split one filter into several entries. */
function normaliseFilter(filter: ChunkFilterInput | null | undefined) {
  if (!filter) return undefined;
  const asSet = (ids: readonly string[] | null | undefined) => (ids ? [...new Set(ids)].sort() : undefined);
  return { documentIds: asSet(filter.documentIds), externalIds: asSet(filter.externalIds), metadata: filter.metadata ?? undefined };
}

function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}

/** JSON drops `undefined` members; readers see them as undefined again, which is what FusedHit means by them. */
export const searchPageCodec: Codec<SearchPage> = {
  encode: (page) => JSON.stringify(page),
  decode: (text) => {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { hits, hasNextPage, endCursor } = value as Record<string, unknown>;
    if (!Array.isArray(hits) || typeof hasNextPage !== 'boolean') return undefined;
    if (endCursor !== undefined && typeof endCursor !== 'string') return undefined;
    const wellFormed = hits.every((hit: unknown) => typeof hit === 'object' && hit !== null && typeof (hit as FusedHit).chunkId === 'string' && typeof (hit as FusedHit).score === 'number');
    return wellFormed ? { hits: hits as FusedHit[], hasNextPage, endCursor } : undefined;
  },
};

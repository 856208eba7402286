import type { CollectionRow } from '../db/schema.js';
import { findDocumentIdsByExternalIds } from '../db/documents.js';
import type { AppDeps } from '../deps.js';
import { badInput } from '../errors.js';
import { collapseNearDuplicates, reportedDuplicates } from '../dedup/chunk-duplicates.js';
import { assertEmbedderMatches, requireCollection } from '../ingestion/collections.js';
import { assertUuid } from '../ingestion/delete.js';
import { searchBm25 } from './bm25-leg.js';
import { pinExactMatches } from './bm25-phrase-guard.js';
import { findExactMatches } from './bm25-phrase-leg.js';
import { NO_FILTER, type ResolvedFilter } from './filter.js';
import { fuseReciprocalRank, fuseRelativeScore, type FusedHit, type LegHit, type Legs } from './fusion.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { readSearchPage, searchCacheKey, storeSearchPage } from './search-cache.js';
import { searchVector } from './vector-leg.js';

export type SearchMode = 'HYBRID' | 'VECTOR' | 'KEYWORD';
export type FusionMethod = 'RRF' | 'RELATIVE_SCORE';

export type ChunkFilterInput = {
  documentIds?: readonly string[] | null | undefined;
  externalIds?: readonly string[] | null | undefined;
  metadata?: unknown;
};

export type SearchInput = {
  tenantId: string;
  collection: string;
  query: string;
  mode?: SearchMode | undefined;
  fusion?: FusionMethod | undefined;
  alpha?: number | undefined;
  limit?: number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ChunkFilterInput | null | undefined;
  /** Keep only the best-ranked of near-identical chunks (`chunks.duplicate_of`). @default true */
  collapseDuplicates?: boolean | undefined;
};

export type SearchOutput = {
  collection: CollectionRow;
  hits: FusedHit[];
  tookMs: number;
  hasNextPage: boolean;
  endCursor: string | undefined;
  /** Whether the page came from the search cache (DESIGN §9). */
  cached: boolean;
};

const MAX_QUERY_CHARS = 4096;
const MIN_CANDIDATES = 40;

/**
 * Hybrid search (DESIGN §6): each leg returns K = max(4 × page size, 40) candidates, fused by RRF or relative score.
 * K depends on the page size only, so every page of one query over one collection version slices the same fused list.
 * In HYBRID, chunks containing a quoted phrase or identifier of the query are pinned ahead of the rest (bm25-phrase-guard.ts).
 * @default mode HYBRID, fusion RRF, alpha 0.5, limit 10
 */
export async function search(deps: AppDeps, input: SearchInput): Promise<SearchOutput> {
  const started = performance.now();
  const { mode = 'HYBRID', fusion = 'RRF', alpha = 0.5, collapseDuplicates = true } = input;
  const pageSize = input.first ?? input.limit ?? 10;
  validate({ query: input.query, alpha, pageSize, maxLimit: deps.config.limits.searchMaxLimit });
  const collection = await requireCollection(deps, input.tenantId, input.collection);
  // The collection row (and so its version) is known before anything costly: a hit skips the cursor, filter and legs.
  const cacheKey = searchCacheKey(collection, input, { mode, fusion, alpha, pageSize });
  const cachedPage = await readSearchPage(deps, cacheKey);
  if (cachedPage !== undefined) return { collection, ...cachedPage, cached: true, tookMs: performance.now() - started };
  const cursorKey = { query: input.query, mode, fusion, alpha, pageSize, filter: input.filter ?? null, collapseDuplicates };
  const offset = input.after ? decodeCursor(input.after, { version: collection.version, key: cursorKey }) : 0;
  const filter = await resolveFilter(deps, collection, input.filter);
  const candidates = Math.max(4 * pageSize, MIN_CANDIDATES);
  // Punctuation-only text has nothing to match in either leg; its embedding would only return noise.
  const searchable = filter !== 'matches-nothing' && /[\p{L}\p{N}]/u.test(input.query);
  const [legs, exactMatches] = !searchable
    ? [{ bm25: [], vector: [] }, []]
    : await Promise.all([
        runLegs(deps, { collection, query: input.query, mode, candidates, filter }),
        // The exact-phrase / identifier guard: HYBRID only (bm25-phrase-guard.ts).
        mode === 'HYBRID' ? findExactMatches(deps.db, { collection, query: input.query, limit: candidates, filter }) : [],
      ]);
  const ranked = pinExactMatches(fuseLegs(legs, { mode, fusion, alpha }), exactMatches);
  const known = reportedDuplicates([...legs.vector, ...legs.bm25, ...exactMatches]);
  const fused = collapseDuplicates ? await collapseNearDuplicates(deps.db, collection, ranked, { known }) : ranked;
  const hits = fused.slice(offset, offset + pageSize);
  const hasNextPage = fused.length > offset + pageSize;
  const endCursor = hits.length === 0 ? undefined : encodeCursor({ offset: offset + hits.length, version: collection.version, key: cursorKey });
  storeSearchPage(deps, cacheKey, { hits, hasNextPage, endCursor });
  return { collection, hits, hasNextPage, endCursor, cached: false, tookMs: performance.now() - started };
}

function validate({ query, alpha, pageSize, maxLimit }: { query: string; alpha: number; pageSize: number; maxLimit: number }): void {
  if (query.trim() === '') throw badInput('query must not be empty');
  if (query.length > MAX_QUERY_CHARS) throw badInput(`query must be at most ${MAX_QUERY_CHARS} characters`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxLimit) throw badInput(`limit must be an integer in 1..${maxLimit}`);
  if (!(alpha >= 0 && alpha <= 1)) throw badInput('alpha must be in [0, 1]');
}

async function runLegs(
  deps: AppDeps,
  { collection, query, mode, candidates, filter }: { collection: CollectionRow; query: string; mode: SearchMode; candidates: number; filter: ResolvedFilter },
): Promise<Legs> {
  const keyword = mode === 'VECTOR' ? Promise.resolve<LegHit[]>([]) : searchBm25(deps.db, { collection, query, limit: candidates, filter });
  const vector =
    mode === 'KEYWORD'
      ? Promise.resolve<LegHit[]>([])
      : (async () => {
          assertEmbedderMatches(deps, collection);
          const embedding = await deps.embedder.embedQuery(query);
          return searchVector(deps.db, { collection, embedding, limit: candidates, filter, fused: mode === 'HYBRID', segments: deps.config.vectorIndex.segments });
        })();
  const [bm25, vectorHits] = await Promise.all([keyword, vector]);
  return { bm25, vector: vectorHits };
}

function fuseLegs(legs: Legs, { mode, fusion, alpha }: { mode: SearchMode; fusion: FusionMethod; alpha: number }): FusedHit[] {
  switch (mode) {
    case 'KEYWORD':
      return singleLeg(legs, 'bm25');
    case 'VECTOR':
      return singleLeg(legs, 'vector');
    case 'HYBRID':
      return fusion === 'RRF' ? fuseReciprocalRank(legs) : fuseRelativeScore(legs, { alpha });
    default: {
      const unreachable: never = mode;
      throw badInput(`unknown search mode ${String(unreachable)}`);
    }
  }
}

/** A single-leg search reports that leg's own score (BM25 or cosine), not a fused one. */
function singleLeg(legs: Legs, leg: 'bm25' | 'vector'): FusedHit[] {
  const fused = fuseReciprocalRank(legs, { weights: { bm25: leg === 'bm25' ? 1 : 0, vector: leg === 'vector' ? 1 : 0 } });
  return fused.map((hit) => ({ ...hit, score: (leg === 'bm25' ? hit.bm25Score : hit.vectorScore) ?? 0 }));
}

async function resolveFilter(
  deps: AppDeps,
  collection: CollectionRow,
  filter: ChunkFilterInput | null | undefined,
): Promise<ResolvedFilter | 'matches-nothing'> {
  if (!filter) return NO_FILTER;
  let documentIds = filter.documentIds ?? undefined;
  documentIds?.forEach((id) => assertUuid(id, 'filter.documentIds entry'));
  if (filter.externalIds) {
    const resolved = await findDocumentIdsByExternalIds(deps.db, {
      tenantId: collection.tenantId,
      collectionId: collection.id,
      externalIds: filter.externalIds,
    });
    documentIds = documentIds === undefined ? resolved : documentIds.filter((id) => resolved.includes(id));
  }
  if (documentIds !== undefined && documentIds.length === 0) return 'matches-nothing';
  const metadata = filter.metadata ?? undefined;
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw badInput('filter.metadata must be a JSON object (matched by containment)');
  }
  return { documentIds, metadata: metadata as Record<string, unknown> | undefined };
}

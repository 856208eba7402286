import { findCollectionByName, listCollections } from '../../db/collections.js';
import { assertUuid } from '../../ingestion/delete.js';
import { search } from '../../retrieval/search.js';
import { badInput } from '../../errors.js';
import { dropNulls } from './drop-nulls.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { toSearchResult } from './search-result.js';

const MAX_COLLECTIONS_PAGE = 100;

export const Query: QueryResolvers = {
  collection: async (_parent, { name }, { deps, viewer }) => (await findCollectionByName(deps.db, viewer.tenantId, name)) ?? null,

  collections: async (_parent, { first, after }, { deps, viewer }) => {
    const pageSize = first ?? 20;
    if (pageSize < 1 || pageSize > MAX_COLLECTIONS_PAGE) throw badInput(`first must be in 1..${MAX_COLLECTIONS_PAGE}`);
    const afterName = after ? Buffer.from(after, 'base64url').toString('utf8') : undefined;
    const rows = await listCollections(deps.db, viewer.tenantId, { first: pageSize + 1, afterName });
    const nodes = rows.slice(0, pageSize);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: {
        hasNextPage: rows.length > pageSize,
        endCursor: last === undefined ? null : Buffer.from(last.name).toString('base64url'),
      },
    };
  },

  document: async (_parent, { id }, { loaders }) => {
    assertUuid(id, 'document id');
    return (await loaders.document.load(id)) ?? null;
  },

  search: async (_parent, { input }, { deps, viewer }) => {
    const output = await search(deps, { ...dropNulls(input), tenantId: viewer.tenantId });
    return toSearchResult(output, { query: input.query, explain: input.explain ?? false, fusion: input.fusion ?? 'RRF', mode: input.mode ?? 'HYBRID' });
  },
};

import { createCollection } from '../../ingestion/collections.js';
import { deleteDocument } from '../../ingestion/delete.js';
import { ingestDocument } from '../../ingestion/ingest.js';
import { dropNulls } from './drop-nulls.js';
import { toStoredTokenizer } from './tokenizer.js';
import type { MutationResolvers } from '../generated/resolvers.js';

export const Mutation: MutationResolvers = {
  createCollection: (_parent, { input }, { deps, viewer }) =>
    createCollection(deps, { ...dropNulls(input), tokenizer: toStoredTokenizer(input.tokenizer), tenantId: viewer.tenantId }),
  ingestDocument: (_parent, { input }, { deps, viewer }) => ingestDocument(deps, { ...dropNulls(input), tenantId: viewer.tenantId }),
  deleteDocument: (_parent, { id }, { deps, viewer }) => deleteDocument(deps, { tenantId: viewer.tenantId, id }),
};

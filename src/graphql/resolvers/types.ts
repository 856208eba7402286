import type { ChunkResolvers, CollectionResolvers, DocumentResolvers, SearchHitResolvers } from '../generated/resolvers.js';
import { requireLoaded } from './require-loaded.js';
import { toGraphQLTokenizer } from './tokenizer.js';

export const Collection: CollectionResolvers = {
  version: (collection) => collection.version,
  tokenizer: (collection) => toGraphQLTokenizer(collection.tokenizer),
  chunkCount: (collection) => collection.chunkCount,
  documentCount: (collection, _args, { loaders }) => loaders.documentCount.load(collection.id),
};

export const Document: DocumentResolvers = {
  metadata: (document) => document.metadata,
  collection: async (document, _args, { loaders }) => requireLoaded(await loaders.collection.load(document.collectionId), 'collection'),
  chunks: (document, _args, { loaders }) => loaders.chunksOfDocument.load(document.id),
};

export const Chunk: ChunkResolvers = {
  document: async (chunk, _args, { loaders }) => requireLoaded(await loaders.document.load(chunk.documentId), 'document'),
};

export const SearchHit: SearchHitResolvers = {
  chunk: async (hit, _args, { loaders }) => requireLoaded(await loaders.chunk.load(hit.chunkId), 'chunk'),
  bm25Score: (hit) => hit.bm25Score ?? null,
  vectorScore: (hit) => hit.vectorScore ?? null,
  bm25Rank: (hit) => hit.bm25Rank ?? null,
  vectorRank: (hit) => hit.vectorRank ?? null,
  highlight: (hit, _args, { loaders }) =>
    loaders.highlight.load({ chunkId: hit.chunkId, query: hit.query, textSearchConfig: hit.textSearchConfig }),
  explanation: (hit) => {
    if (!hit.explain) return null;
    const leg = (rank: number | undefined, raw: number | undefined, normalised: number | undefined, contribution: number | undefined) =>
      rank === undefined || raw === undefined ? null : { rank, rawScore: raw, normalisedScore: normalised ?? null, contribution: contribution ?? 0 };
    return {
      fusion: hit.fusion,
      bm25: leg(hit.bm25Rank, hit.bm25Score, hit.normalised.bm25, hit.contributions.bm25),
      vector: leg(hit.vectorRank, hit.vectorScore, hit.normalised.vector, hit.contributions.vector),
    };
  },
};

import type { Embedder } from './embedder.js';

/**
 * Returns the stored vector for a query text, or computes, stores and returns it. Defined here, by its user, so
 * llm/ does not depend on cache/; the composition root binds it to the cache (`createQueryEmbeddingMemo`).
 */
export type QueryEmbeddingMemo = (text: string, compute: () => Promise<number[]>) => Promise<number[]>;

/**
 * Wraps an embedder so query embeddings are cached (DESIGN §5, §9): a repeated query skips the provider round trip,
 * which for a remote model is most of a search's latency. Document embeddings pass through: ingestion embeds each
 * chunk once and skips unchanged chunks by content hash already.
 */
export function createCachedEmbedder(embedder: Embedder, { memo }: { memo: QueryEmbeddingMemo }): Embedder {
  return {
    model: embedder.model,
    dimension: embedder.dimension,
    embedDocuments: (texts, options) => embedder.embedDocuments(texts, options),
    embedQuery: (text, options) => memo(text, () => embedder.embedQuery(text, options)),
  };
}

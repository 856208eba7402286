import { ConfigError, LOCAL_EMBEDDING_MODEL, type Config } from '../config.js';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local-embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';

/** Builds the configured embedder; the composition root calls it once. */
export function createEmbedder(config: Pick<Config, 'embeddings' | 'openai'>): Embedder {
  const { embeddings, openai } = config;
  switch (embeddings.provider) {
    case 'local':
      // The local embedder has one algorithm; another model name would be recorded on collections but never used.
      if (embeddings.model !== LOCAL_EMBEDDING_MODEL) {
        const message = `EMBEDDINGS_MODEL=${embeddings.model} is not available with EMBEDDINGS_PROVIDER=local`;
        throw new ConfigError(`${message} (use ${LOCAL_EMBEDDING_MODEL})`);
      }
      return createLocalEmbedder({ dimension: embeddings.dimension });
    case 'openai':
      return createOpenAIEmbedder({
        model: embeddings.model,
        dimension: embeddings.dimension,
        apiKey: openai.apiKey,
        baseUrl: openai.baseUrl,
        batchSize: embeddings.batchSize,
        concurrency: embeddings.concurrency,
        maxRetries: embeddings.maxRetries,
        timeoutMs: embeddings.timeoutMs,
      });
    default: {
      const unreachable: never = embeddings.provider;
      throw new ConfigError(`unknown EMBEDDINGS_PROVIDER ${String(unreachable)}`);
    }
  }
}

import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps.js';
import { selectRows } from '../db/client.js';
import { findCollectionByName, insertCollection } from '../db/collections.js';
import type { CollectionRow } from '../db/schema.js';
import { ensureVectorIndex } from '../db/vector-index.js';
import { AppError, badInput, notFound } from '../errors.js';
import type { Tokenizer } from '../text/cjk.js';

export type CreateCollectionInput = {
  tenantId: string;
  name: string;
  textSearchConfig?: string | undefined;
  tokenizer?: Tokenizer | undefined;
  chunkSize?: number | undefined;
  chunkOverlap?: number | undefined;
  bm25K1?: number | undefined;
  bm25B?: number | undefined;
};

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * Creates a collection that records the deployment's embedding model, so later writes and searches can refuse a
 * mismatched model instead of mixing vector spaces.
 * A `cjk-bigram` collection indexes Korean, Chinese and Japanese runs as character bigrams (cjk.ts); its default
 * config is `simple`, since no stemmer or stop list of another language applies to bigrams.
 * @default textSearchConfig 'english' ('simple' for cjk-bigram), tokenizer 'standard', chunkSize 512 tokens,
 * chunkOverlap 64 tokens, bm25K1 1.2, bm25B 0.75
 */
export async function createCollection(
  deps: AppDeps,
  { tenantId, name, tokenizer = 'standard', textSearchConfig = tokenizer === 'cjk-bigram' ? 'simple' : 'english', chunkSize = 512, chunkOverlap = 64, bm25K1 = 1.2, bm25B = 0.75 }: CreateCollectionInput,
): Promise<CollectionRow> {
  if (!NAME_PATTERN.test(name)) {
    throw badInput('collection name must be 1-100 characters: letters, digits, "_", "." or "-", starting with a letter or digit');
  }
  if (!Number.isInteger(chunkSize) || chunkSize < 32 || chunkSize > 8192) throw badInput('chunkSize must be an integer in 32..8192 tokens');
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw badInput('chunkOverlap must be an integer in 0..chunkSize-1 tokens');
  }
  if (!(bm25K1 >= 0 && bm25K1 <= 10)) throw badInput('bm25K1 must be in 0..10');
  if (!(bm25B >= 0 && bm25B <= 1)) throw badInput('bm25B must be in 0..1');
  await assertTextSearchConfig(deps, textSearchConfig);
  const { embedder } = deps;
  await ensureVectorIndex(deps.db, embedder.dimension, { chunkSegments: deps.config.vectorIndex.segments });
  const row = await insertCollection(deps.db, {
    tenantId,
    name,
    textSearchConfig,
    tokenizer,
    chunkSize,
    chunkOverlap,
    bm25K1,
    bm25B,
    embeddingProvider: deps.config.embeddings.provider,
    embeddingModel: embedder.model,
    embeddingDimension: embedder.dimension,
  });
  if (row === undefined) throw badInput(`collection "${name}" already exists`);
  return row;
}

async function assertTextSearchConfig(deps: AppDeps, name: string): Promise<void> {
  const available = await selectRows<{ name: string }>(deps.db, sql`SELECT cfgname AS name FROM pg_ts_config ORDER BY cfgname`);
  if (!available.some((config) => config.name === name)) {
    throw badInput(`unknown textSearchConfig "${name}"; available: ${available.map((config) => config.name).join(', ')}`);
  }
}

/** The named collection of this tenant, or NOT_FOUND. */
export async function requireCollection(deps: Pick<AppDeps, 'db'>, tenantId: string, name: string): Promise<CollectionRow> {
  const collection = await findCollectionByName(deps.db, tenantId, name);
  if (collection === undefined) throw notFound(`collection "${name}" does not exist`);
  return collection;
}

/** Vectors from different models live in different spaces: refuse instead of returning meaningless neighbours. */
export function assertEmbedderMatches(deps: Pick<AppDeps, 'embedder'>, collection: CollectionRow): void {
  const { embedder } = deps;
  if (collection.embeddingModel !== embedder.model || collection.embeddingDimension !== embedder.dimension) {
    throw new AppError(
      'BAD_USER_INPUT',
      `collection "${collection.name}" was embedded with ${collection.embeddingModel} (${collection.embeddingDimension}d) ` +
        `but this server embeds with ${embedder.model} (${embedder.dimension}d)`,
    );
  }
}

import { createHash } from 'node:crypto';
import type { CacheKind } from './cache.js';

/**
 * Cache keys (DESIGN §9). Pure, so the scheme is unit-tested rather than assumed:
 *   collection-scoped: `ragway:{tenant}:{collection}:v{version}:{kind}:{sha256(canonical params)}`
 *   query embeddings:  `ragway:emb:{model}:{dimension}:{sha256(text)}`
 * The collection version is bumped by every write, so a write orphans the old keys (they expire by TTL) instead of
 * needing a SCAN/DEL. The embedding key adds the dimension to the design's scheme: one model name can serve several
 * dimensions (OpenAI's `dimensions` parameter), and a vector of the wrong length must never be reused.
 */
export function collectionCacheKey({
  tenantId,
  collectionId,
  version,
  kind,
  params,
}: {
  tenantId: string;
  collectionId: string;
  version: number;
  kind: Exclude<CacheKind, 'embedding'>;
  params: unknown;
}): string {
  return `ragway:${tenantId}:${collectionId}:v${version}:${kind}:${sha256(canonicalJson(params))}`;
}

export function embeddingCacheKey({ model, dimension, text }: { model: string; dimension: number; text: string }): string {
  return `ragway:emb:${model}:${dimension}:${sha256(text)}`;
}

/**
 * JSON with object keys sorted at every depth and `undefined` members dropped, so parameters that mean the same
 * (key order, an absent vs an undefined field) hash the same. `null` is kept: inside a metadata filter `{"tag": null}`
 * means something. Array order is kept: callers sort arrays whose order carries no meaning.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value)) ?? 'null';
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => normalise(item) ?? null);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([key, member]) => [key, normalise(member)] as const);
  return Object.fromEntries(entries);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

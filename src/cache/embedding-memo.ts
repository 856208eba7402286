import { embeddingCacheKey } from './keys.js';
import { readThrough, type Codec, type ReadThroughDeps } from './read-through.js';

/**
 * Binds query-embedding caching to a cache: key `ragway:emb:{model}:{dimension}:{sha256(text)}`, value the vector as
 * little-endian float32 in base64 (1.4 KB for 384 dimensions instead of ~7.5 KB of JSON). float32 loses nothing that
 * matters: pgvector stores and compares `vector` as float4, so the query is rounded the same way either way.
 */
export function createQueryEmbeddingMemo(
  deps: ReadThroughDeps,
  { model, dimension, ttlSeconds }: { model: string; dimension: number; ttlSeconds: number },
): (text: string, compute: () => Promise<number[]>) => Promise<number[]> {
  const codec = float32Codec(dimension);
  return async (text, compute) => {
    const key = embeddingCacheKey({ model, dimension, text });
    return (await readThrough(deps, { kind: 'embedding', key, ttlSeconds, codec, compute })).value;
  };
}

/** A vector of another length (or with a non-finite value) decodes as a miss, never as a wrong embedding. */
export function float32Codec(dimension: number): Codec<number[]> {
  return {
    encode: (vector) => {
      const buffer = Buffer.allocUnsafe(vector.length * 4);
      vector.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
      return buffer.toString('base64');
    },
    decode: (text) => {
      const buffer = Buffer.from(text, 'base64');
      if (buffer.length !== dimension * 4) return undefined;
      const vector = Array.from({ length: dimension }, (_, index) => buffer.readFloatLE(index * 4));
      return vector.every(Number.isFinite) ? vector : undefined;
    },
  };
}

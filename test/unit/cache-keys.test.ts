import { describe, expect, it } from 'vitest';
import { float32Codec } from '../../src/cache/embedding-memo.js';
import { canonicalJson, collectionCacheKey, embeddingCacheKey } from '../../src/cache/keys.js';
import type { CollectionRow } from '../../src/db/schema.js';
import { searchCacheKey, searchPageCodec, type SearchPage } from '../../src/retrieval/search-cache.js';

const TENANT = '00000000-0000-4000-8000-000000000001';
const COLLECTION = '00000000-0000-4000-8000-000000000002';
const collection = { id: COLLECTION, tenantId: TENANT, version: 7 } as CollectionRow;
const resolved = { mode: 'HYBRID', fusion: 'RRF', alpha: 0.5, pageSize: 10 };
const keyOf = (input: Record<string, unknown>, at: CollectionRow = collection) =>
  searchCacheKey(at, { tenantId: TENANT, collection: 'kb', query: 'q', ...input }, resolved);

describe('cache keys (DESIGN §9)', () => {
  it('follows ragway:{tenant}:{collection}:v{version}:{kind}:{sha256}', () => {
    const key = collectionCacheKey({ tenantId: TENANT, collectionId: COLLECTION, version: 7, kind: 'search', params: { a: 1 } });
    expect(key).toMatch(new RegExp(`^ragway:${TENANT}:${COLLECTION}:v7:search:[0-9a-f]{64}$`));
    expect(embeddingCacheKey({ model: 'text-embedding-3-small', dimension: 384, text: 'hello' })).toBe(
      'ragway:emb:text-embedding-3-small:384:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
  });

  it('canonicalises objects: key order and undefined members do not matter, null and array order do', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: { tag: null } })).not.toBe(canonicalJson({ a: {} }));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('puts the collection version in the search key, so a write orphans every older entry', () => {
    expect(keyOf({})).toContain(':v7:search:');
    expect(keyOf({}, { ...collection, version: 8 })).not.toBe(keyOf({}));
    expect(keyOf({}, { ...collection, id: '00000000-0000-4000-8000-000000000003' })).not.toBe(keyOf({}));
  });

  it('hashes the meaning of the search parameters, not their spelling', () => {
    expect(keyOf({ limit: 10 })).toBe(keyOf({ first: 10 })); // pageSize is in `resolved`
    expect(keyOf({ after: null, filter: null })).toBe(keyOf({}));
    expect(keyOf({ filter: { externalIds: ['b', 'a', 'a'] } })).toBe(keyOf({ filter: { externalIds: ['a', 'b'] } }));
    expect(keyOf({ filter: { metadata: { x: 1, y: 2 } } })).toBe(keyOf({ filter: { metadata: { y: 2, x: 1 } } }));
    expect(keyOf({ filter: { metadata: { x: 1 } } })).not.toBe(keyOf({ filter: { metadata: { x: '1' } } }));
    expect(keyOf({ query: 'Q' })).not.toBe(keyOf({}));
    expect(keyOf({ after: 'cursor' })).not.toBe(keyOf({}));
    expect(keyOf({ explain: true })).not.toBe(keyOf({})); // a field added to SearchInput later is keyed without edits
  });
});

describe('cache codecs', () => {
  it('stores vectors as float32: lossless for float32 values, a wrong length or garbage is a miss', () => {
    const codec = float32Codec(3);
    const vector = [0.25, -1.5, Math.fround(0.1)];
    expect(codec.decode(codec.encode(vector))).toEqual(vector);
    expect(codec.decode(float32Codec(4).encode([1, 2, 3, 4]))).toBeUndefined();
    expect(codec.decode(codec.encode([1, Number.NaN, 0]))).toBeUndefined();
    expect(codec.encode(new Array(384).fill(0.5)).length).toBeLessThan(2100);
  });

  it('round-trips a search page with exact scores and refuses foreign shapes', () => {
    const page: SearchPage = {
      hits: [
        {
          chunkId: 'c1',
          score: 0.03278688524590164,
          bm25Score: 3.141592653589793,
          bm25Rank: 1,
          vectorScore: undefined,
          vectorRank: undefined,
          contributions: { bm25: 0.01639344262295082, vector: undefined },
          normalised: { bm25: undefined, vector: undefined },
        },
      ],
      hasNextPage: true,
      endCursor: 'abc',
    };
    expect(searchPageCodec.decode(searchPageCodec.encode(page))).toEqual(page);
    expect(searchPageCodec.decode(searchPageCodec.encode({ ...page, endCursor: undefined }))?.endCursor).toBeUndefined();
    expect(searchPageCodec.decode('{"hits":[{"id":"x"}],"hasNextPage":false}')).toBeUndefined();
    expect(searchPageCodec.decode('[]')).toBeUndefined();
  });
});

import { customType } from 'drizzle-orm/pg-core';

/**
 * An unconstrained pgvector column. Collections may use embedding models of different dimensions, so the column
 * carries no typmod; HNSW indexes are partial expression indexes per dimension (see `ensureVectorIndex`).
 */
export const vector = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${value.join(',')}]`,
  fromDriver: (value) => (typeof value === 'string' ? (JSON.parse(value) as number[]) : (value as number[])),
});

export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** `regconfig` names a text-search configuration; `to_tsvector(regconfig, text)` is immutable, so it can feed a generated column. */
export const regconfig = customType<{ data: string }>({ dataType: () => 'regconfig' });

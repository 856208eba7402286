import { sql, type SQL } from 'drizzle-orm';

/** A resolved chunk filter: external ids are already turned into document ids (undefined = no restriction). */
export type ResolvedFilter = {
  documentIds: readonly string[] | undefined;
  metadata: Record<string, unknown> | undefined;
};

export const NO_FILTER: ResolvedFilter = { documentIds: undefined, metadata: undefined };

export function hasFilter(filter: ResolvedFilter): boolean {
  return filter.documentIds !== undefined || filter.metadata !== undefined;
}

/** SQL conditions on the `chunks` alias `c`, applied inside each leg's scan (not after it). */
export function chunkFilterConditions(filter: ResolvedFilter): SQL {
  const parts: SQL[] = [];
  if (filter.documentIds !== undefined) parts.push(sql`c.document_id = ANY(${sql.param(filter.documentIds)}::uuid[])`);
  if (filter.metadata !== undefined) parts.push(sql`c.metadata @> ${JSON.stringify(filter.metadata)}::jsonb`);
  return parts.length === 0 ? sql`` : sql`AND ${sql.join(parts, sql` AND `)}`;
}

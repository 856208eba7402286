import { sql } from 'drizzle-orm';
import { selectRows, type Database } from '../db/client.js';
import { cjkSnippet } from '../text/cjk-highlight.js';

/**
 * `ts_headline` snippets for a set of chunks and one query. The query's terms are OR-ed (plainto_tsquery would AND
 * them, and a chunk matching some terms still deserves its marks). Runs only for hits whose highlight is requested.
 * Chunks indexed through CJK bigrams (index_text set) get `cjkSnippet` instead: ts_headline would show bigrams.
 */
export async function highlightChunks(
  db: Database,
  { tenantId, chunkIds, query, textSearchConfig }: { tenantId: string; chunkIds: readonly string[]; query: string; textSearchConfig: string },
): Promise<Map<string, string>> {
  if (chunkIds.length === 0) return new Map();
  const rows = await selectRows<{ id: string; snippet: string; cjk: boolean }>(db, sql`
    WITH q AS (
      SELECT coalesce(nullif(replace(plainto_tsquery(${textSearchConfig}::regconfig, ${query})::text, ' & ', ' | '), ''), '')
        AS text
    )
    SELECT c.id, c.index_text IS NOT NULL AS cjk,
    CASE WHEN c.index_text IS NOT NULL THEN c.content WHEN q.text = '' THEN left(c.content, 200) ELSE ts_headline(
      ${textSearchConfig}::regconfig, c.content, q.text::tsquery,
      'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
    ) END AS snippet
    FROM chunks c CROSS JOIN q
    WHERE c.tenant_id = ${tenantId} AND c.id = ANY(${sql.param(chunkIds)}::uuid[])`);
  return new Map(rows.map((row) => [row.id, row.cjk ? cjkSnippet(row.snippet, query) : row.snippet]));
}

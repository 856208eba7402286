import pg from 'pg';

/**
 * Peer 2: Supabase's hybrid-search recipe (supabase.com/docs/guides/ai/hybrid-search), reproduced from its public
 * description: a table with a generated `fts tsvector` (GIN) and an `embedding` (HNSW, inner product), and one SQL
 * function `hybrid_search` fusing a full-text leg (`websearch_to_tsquery` + `ts_rank_cd`) and a vector leg by RRF
 * with k = 50, each leg taking 2 × least(match_count, 30) candidates. Two liberties: `source_id` records which
 * ragway chunk (or Cranfield document) a row copies, and the text-search config is named ('english', the server
 * default here and ragway's collection config) instead of left to `default_text_search_config`.
 */
export const RECIPE_TABLE = 'supabase_documents';

export async function createRecipe(client: pg.Client | pg.PoolClient, dimension: number): Promise<void> {
  await client.query(`
    CREATE TABLE ${RECIPE_TABLE} (
      id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
      source_id text NOT NULL,
      content text,
      fts tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
      embedding vector(${dimension})
    )`);
  await client.query(`
    CREATE OR REPLACE FUNCTION hybrid_search(
      query_text text,
      query_embedding vector(${dimension}),
      match_count int,
      full_text_weight float = 1,
      semantic_weight float = 1,
      rrf_k int = 50
    )
    RETURNS SETOF ${RECIPE_TABLE}
    LANGUAGE sql
    AS $$
    WITH full_text AS (
      SELECT id,
        -- ts_rank_cd is not indexable but only ranks the matches of the WHERE clause
        row_number() OVER (ORDER BY ts_rank_cd(fts, websearch_to_tsquery('english', query_text)) DESC) AS rank_ix
      FROM ${RECIPE_TABLE}
      WHERE fts @@ websearch_to_tsquery('english', query_text)
      ORDER BY rank_ix
      LIMIT least(match_count, 30) * 2
    ),
    semantic AS (
      SELECT id, row_number() OVER (ORDER BY embedding <#> query_embedding) AS rank_ix
      FROM ${RECIPE_TABLE}
      ORDER BY rank_ix
      LIMIT least(match_count, 30) * 2
    )
    SELECT ${RECIPE_TABLE}.*
    FROM full_text
      FULL OUTER JOIN semantic ON full_text.id = semantic.id
      JOIN ${RECIPE_TABLE} ON coalesce(full_text.id, semantic.id) = ${RECIPE_TABLE}.id
    ORDER BY
      coalesce(1.0 / (rrf_k + full_text.rank_ix), 0.0) * full_text_weight +
      coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight
      DESC
    LIMIT least(match_count, 30)
    $$`);
}

/** Fills the recipe's table with ragway's chunks of a collection (same text, same vectors), then builds its indexes. */
export async function fillRecipeFromChunks(client: pg.Client | pg.PoolClient, { collectionId, maintenanceWorkMemMb, sourceId = 'c.id::text' }: { collectionId: string; maintenanceWorkMemMb: number; sourceId?: string }): Promise<{ loadSeconds: number; indexSeconds: number }> {
  const started = performance.now();
  await client.query(
    `INSERT INTO ${RECIPE_TABLE} (source_id, content, embedding)
     SELECT ${sourceId}, c.content, c.embedding::vector(384) FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.collection_id = $1 ORDER BY c.id`,
    [collectionId],
  );
  const loaded = performance.now();
  await client.query(`SET maintenance_work_mem = '${maintenanceWorkMemMb}MB'`);
  await client.query(`CREATE INDEX ON ${RECIPE_TABLE} USING gin (fts)`);
  await client.query(`CREATE INDEX ON ${RECIPE_TABLE} USING hnsw (embedding vector_ip_ops)`);
  await client.query('RESET maintenance_work_mem');
  return { loadSeconds: (loaded - started) / 1000, indexSeconds: (performance.now() - loaded) / 1000 };
}

/** The query text as the recipe receives it: as typed (websearch syntax: all words required) or its words OR-joined. */
export function recipeQueryText(query: string, semantics: 'and' | 'or'): string {
  return semantics === 'and' ? query : query.split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' or ');
}

/** Calls `hybrid_search(query_text, query_embedding, match_count)`; returns the matched rows' source ids. */
export async function recipeSearch(pool: pg.Pool, { text, vector, matchCount = 10 }: { text: string; vector: readonly number[]; matchCount?: number }): Promise<string[]> {
  const { rows } = await pool.query<{ source_id: string }>('SELECT source_id FROM hybrid_search($1, $2::vector, $3)', [text, `[${vector.join(',')}]`, matchCount]);
  return rows.map((row) => row.source_id);
}

export function openRecipePool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  // An idle connection dropped by the server must not take the whole run down (pg emits it on the pool).
  pool.on('error', (error) => process.stderr.write(`Supabase recipe pool: idle connection lost: ${error.message}\n`));
  return pool;
}

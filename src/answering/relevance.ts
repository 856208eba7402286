import { sql } from 'drizzle-orm';
import { selectRows, type Database } from '../db/client.js';
import type { CollectionRow } from '../db/schema.js';
// The BM25 leg's own query-text rule (CJK runs as bigrams), so the gate sees the terms ranking saw.
import { queryTextFor } from '../text/cjk.js';

/**
 * "Is anything relevant retrieved?" (DESIGN §7 not-found). Fused RRF scores are ranks, not evidence, and cosine
 * scales differ per embedding model, so the gate is lexical and model-independent: the IDF-weighted share of the
 * question's terms (the collection's text-search config, as BM25 sees them) that the best of the top hits contains.
 * A term absent from the collection counts with the highest IDF, so a question about something the collection never
 * mentions scores low even when its common words match. Calibration: see RELEVANCE_THRESHOLD.
 */
export type TermEvidence = { term: string; df: number; chunkIds: readonly string[] };

/**
 * Calibrated with `npm run eval:answers -- --calibrate` on Cranfield (local embedder, hybrid retrieval, top 8): the
 * 225 official queries (all answerable; long, multi-clause) against 40 unanswerable questions written for
 * calibration only, not the evaluation set. 0.35 maximised balanced accuracy: 94.2 % of the queries kept, 92.5 % of
 * the unanswerable rejected (0.30: 98.2 / 77.5; 0.40: 86.7 / 95.0; 0.50: 74.2 / 95.0).
 */
export const RELEVANCE_THRESHOLD = 0.35;
/** Hits whose coverage is considered: a question may be answered by the second or third chunk. */
export const RELEVANCE_DEPTH = 3;

export function idf(chunkCount: number, df: number): number {
  return Math.log(1 + (chunkCount - df + 0.5) / (df + 0.5));
}

/** Highest coverage among `hitIds`: Σ idf of the question terms a chunk holds / Σ idf of all question terms. */
export function coverage(evidence: readonly TermEvidence[], { chunkCount, hitIds }: { chunkCount: number; hitIds: readonly string[] }): number {
  const total = evidence.reduce((sum, term) => sum + idf(chunkCount, term.df), 0);
  if (total <= 0) return 0;
  let best = 0;
  for (const hitId of hitIds) {
    const held = evidence.reduce((sum, term) => (term.chunkIds.includes(hitId) ? sum + idf(chunkCount, term.df) : sum), 0);
    best = Math.max(best, held / total);
  }
  return best;
}

/** The question's terms with their document frequency and which of `hitIds` contain them; one statement. */
export async function termEvidence(
  db: Database,
  { collection, question, hitIds }: { collection: CollectionRow; question: string; hitIds: readonly string[] },
): Promise<TermEvidence[]> {
  const rows = await selectRows<{ term: string; df: number; chunk_ids: string[] }>(db, sql`
    WITH q AS (SELECT DISTINCT lexeme AS term FROM unnest(to_tsvector(${collection.textSearchConfig}::regconfig, ${queryTextFor(collection.tokenizer, question)})))
    SELECT q.term, coalesce(t.df, 0)::int AS df,
      coalesce((SELECT array_agg(p.chunk_id::text) FROM bm25_postings p
                WHERE p.collection_id = ${collection.id} AND p.tenant_id = ${collection.tenantId}
                  AND p.term = q.term AND p.chunk_id = ANY(${sql.param(hitIds)}::uuid[])), '{}'::text[]) AS chunk_ids
    FROM q
    LEFT JOIN bm25_terms t ON t.collection_id = ${collection.id} AND t.tenant_id = ${collection.tenantId} AND t.term = q.term
    ORDER BY q.term`);
  return rows.map((row) => ({ term: row.term, df: Number(row.df), chunkIds: row.chunk_ids }));
}

/** Coverage of the question by the top hits, in [0, 1]. */
export async function measureRelevance(
  db: Database,
  { collection, question, hitIds }: { collection: CollectionRow; question: string; hitIds: readonly string[] },
): Promise<number> {
  const top = hitIds.slice(0, RELEVANCE_DEPTH);
  if (top.length === 0) return 0;
  const evidence = await termEvidence(db, { collection, question, hitIds: top });
  return coverage(evidence, { chunkCount: collection.chunkCount, hitIds: top });
}

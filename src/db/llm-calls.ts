import { sql } from 'drizzle-orm';
import { selectRows, type Database } from './client.js';
import { llmCalls } from './schema.js';

export type NewLlmCall = Omit<typeof llmCalls.$inferInsert, 'id'>;

export async function insertLlmCall(db: Database, values: NewLlmCall): Promise<void> {
  await db.insert(llmCalls).values(values);
}

/** Deletes calls logged before `cutoff`, for every tenant (the retention period is deployment-wide); returns how many. */
export async function deleteLlmCallsBefore(db: Database, cutoff: Date): Promise<number> {
  const [row] = await selectRows<{ count: number }>(db, sql`
    WITH deleted AS (DELETE FROM llm_calls WHERE created_at < ${cutoff.toISOString()}::timestamptz RETURNING 1)
    SELECT count(*)::int AS count FROM deleted`);
  return row?.count ?? 0;
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { ingestionJobs, type IngestionJobRow } from './schema.js';

export type JobFileEntry = IngestionJobRow['files'][number];
export type JobError = IngestionJobRow['errors'][number];
export type JobFileState = 'pending' | 'done' | 'failed';
export type JobKey = { tenantId: string; id: string };

/**
 * Every statement is scoped by tenant and guarded by the state it expects, so two runners that race on one job (a
 * worker presumed dead that is still alive) cannot count a file twice or reopen a finished job.
 */
export async function insertJob(
  db: Database,
  values: { id: string; tenantId: string; collectionId: string; files: JobFileEntry[]; errors: JobError[] },
): Promise<IngestionJobRow> {
  const failed = values.files.filter((file) => file.state === 'failed').length;
  const [row] = await db
    .insert(ingestionJobs)
    .values({ ...values, total: values.files.length, failed })
    .returning();
  if (row === undefined) throw new Error('insert returned no ingestion job row');
  return row;
}

export async function findJob(db: Database, { tenantId, id }: JobKey): Promise<IngestionJobRow | undefined> {
  const [row] = await db
    .select()
    .from(ingestionJobs)
    .where(and(eq(ingestionJobs.tenantId, tenantId), eq(ingestionJobs.id, id)));
  return row;
}

/** QUEUED → RUNNING (a RUNNING job is being resumed); undefined when the job is finished or gone. */
export async function startJob(db: Database, { tenantId, id }: JobKey): Promise<IngestionJobRow | undefined> {
  const [row] = await db
    .update(ingestionJobs)
    .set({ status: 'RUNNING', startedAt: sql`coalesce(${ingestionJobs.startedAt}, now())` })
    .where(and(eq(ingestionJobs.tenantId, tenantId), eq(ingestionJobs.id, id), inArray(ingestionJobs.status, ['QUEUED', 'RUNNING'])))
    .returning();
  return row;
}

/** Marks file `index` done or failed (with its error) and counts it, once: only a pending file changes. */
export async function recordFileOutcome(
  db: Database,
  key: JobKey,
  { index, error }: { index: number; error?: JobError | undefined },
): Promise<IngestionJobRow | undefined> {
  const state: JobFileState = error === undefined ? 'done' : 'failed';
  const [row] = await db
    .update(ingestionJobs)
    .set({
      files: sql`jsonb_set(${ingestionJobs.files}, ${`{${index},state}`}::text[], to_jsonb(${state}::text))`,
      ...(error === undefined
        ? { done: sql`${ingestionJobs.done} + 1` }
        : { failed: sql`${ingestionJobs.failed} + 1`, errors: sql`${ingestionJobs.errors} || ${JSON.stringify([error])}::jsonb` }),
    })
    .where(
      and(
        eq(ingestionJobs.tenantId, key.tenantId),
        eq(ingestionJobs.id, key.id),
        eq(ingestionJobs.status, 'RUNNING'),
        sql`${ingestionJobs.files} -> ${index}::int ->> 'state' = 'pending'`,
      ),
    )
    .returning();
  return row;
}

/** RUNNING → SUCCEEDED (no failures), FAILED (nothing succeeded) or PARTIAL. */
export async function finishJob(db: Database, { tenantId, id }: JobKey): Promise<IngestionJobRow | undefined> {
  const [row] = await db
    .update(ingestionJobs)
    .set({
      status: sql`CASE WHEN ${ingestionJobs.failed} = 0 THEN 'SUCCEEDED' WHEN ${ingestionJobs.done} = 0 THEN 'FAILED' ELSE 'PARTIAL' END`,
      finishedAt: sql`now()`,
    })
    .where(and(eq(ingestionJobs.tenantId, tenantId), eq(ingestionJobs.id, id), eq(ingestionJobs.status, 'RUNNING')))
    .returning();
  return row;
}

/**
 * Gives up on a job (its runner failed for good, or the queue could not take it): pending files count as failed,
 * the reason is added to the errors under the file name `*`, and the status becomes FAILED.
 */
export async function failJob(db: Database, { tenantId, id }: JobKey, error: JobError): Promise<IngestionJobRow | undefined> {
  const pending = sql`(SELECT count(*)::int FROM jsonb_array_elements(${ingestionJobs.files}) AS f(file) WHERE f.file ->> 'state' = 'pending')`;
  const files = sql`coalesce((SELECT jsonb_agg(CASE WHEN f.file ->> 'state' = 'pending' THEN jsonb_set(f.file, '{state}', '"failed"') ELSE f.file END ORDER BY f.position)
    FROM jsonb_array_elements(${ingestionJobs.files}) WITH ORDINALITY AS f(file, position)), '[]'::jsonb)`;
  const [row] = await db
    .update(ingestionJobs)
    .set({
      status: 'FAILED',
      finishedAt: sql`now()`,
      failed: sql`${ingestionJobs.failed} + ${pending}`,
      files,
      errors: sql`${ingestionJobs.errors} || ${JSON.stringify([error])}::jsonb`,
    })
    .where(and(eq(ingestionJobs.tenantId, tenantId), eq(ingestionJobs.id, id), inArray(ingestionJobs.status, ['QUEUED', 'RUNNING'])))
    .returning();
  return row;
}

/** Jobs a restarted in-process runner must pick up again, oldest first. */
export async function findUnfinishedJobs(db: Database): Promise<JobKey[]> {
  return db
    .select({ tenantId: ingestionJobs.tenantId, id: ingestionJobs.id })
    .from(ingestionJobs)
    .where(inArray(ingestionJobs.status, ['QUEUED', 'RUNNING']))
    .orderBy(asc(ingestionJobs.createdAt));
}

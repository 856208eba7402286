import type { JobKey } from '../../db/ingestion-jobs.js';

/**
 * Where ingestion jobs go once their row and spool files exist. `in-process` runs them in this process (no Redis);
 * `bullmq` puts them on a Redis queue that `npm run worker` processes consume. Either way the job row in PostgreSQL
 * is the truth about progress; the queue only decides who runs a job and when.
 */
export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  enqueue(job: JobKey): Promise<void>;
  /** Calls `listener` whenever a runner reports progress on the job; returns the function that stops it. */
  watch(jobId: string, listener: () => void): () => void;
  /** In-process: picks up the jobs an earlier run left unfinished. BullMQ: nothing (stalled jobs come back by themselves). */
  resumeUnfinished(): Promise<number>;
  close(): Promise<void>;
}

/** `interrupted`: the runner was asked to stop between two files; the job stays RUNNING and must be run again. */
export type JobRunOutcome = 'finished' | 'interrupted';

export type RunJob = (job: JobKey, options: { signal: AbortSignal; onProgress: () => void }) => Promise<JobRunOutcome>;

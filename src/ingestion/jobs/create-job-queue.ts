import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { failJob, findUnfinishedJobs } from '../../db/ingestion-jobs.js';
import type { AppDeps } from '../../deps.js';
import { createBullmqQueue } from './bullmq.js';
import { createInProcessQueue } from './in-process-queue.js';
import type { JobQueue } from './job-queue.js';
import { runJob } from './run-job.js';
import { removeJobDirectory } from './spool.js';

/**
 * BullMQ when REDIS_URL is set (separate `npm run worker` processes run the jobs), else an in-process runner.
 * `deps` is read lazily: the queue is part of the dependencies it runs jobs with.
 */
export function createJobQueue(config: Config, { logger, deps }: { logger: Logger; deps: () => AppDeps }): JobQueue {
  if (config.redisUrl !== undefined) {
    return createBullmqQueue({ redisUrl: config.redisUrl, prefix: config.jobs.queuePrefix, logger });
  }
  return createInProcessQueue({
    run: (job, options) => runJob(deps(), job, options),
    onFailure: (job, error) => giveUpOnJob(deps(), job, error instanceof Error ? error.message : String(error)),
    findUnfinished: () => findUnfinishedJobs(deps().db),
    logger,
    concurrency: config.jobs.concurrency,
  });
}

/** Marks a job FAILED for a reason outside its files (its runner kept failing) and frees its spool directory. */
export async function giveUpOnJob(deps: AppDeps, job: { tenantId: string; id: string }, reason: string): Promise<void> {
  await failJob(deps.db, job, { file: '*', code: 'INTERNAL_SERVER_ERROR', message: `the job could not be completed: ${reason}` });
  await removeJobDirectory(deps.config.uploads.spoolDir, job.id);
}

import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { JobKey } from '../../db/ingestion-jobs.js';
import type { JobQueue, RunJob } from './job-queue.js';

export type InProcessQueueOptions = {
  run: RunJob;
  /** Called when a run throws (the runner itself failed, not a file): the job must not stay RUNNING for ever. */
  onFailure: (job: JobKey, error: unknown) => Promise<void>;
  findUnfinished: () => Promise<JobKey[]>;
  logger: Logger;
  /** Jobs run at the same time. @default 1 */
  concurrency?: number;
};

/**
 * Runs jobs in this process, first come first served. `close` stops between files and waits for the runs in
 * flight to notice; their jobs stay RUNNING and `resumeUnfinished` picks them up at the next start.
 */
export function createInProcessQueue({ run, onFailure, findUnfinished, logger, concurrency = 1 }: InProcessQueueOptions): JobQueue {
  const waiting: JobKey[] = [];
  const known = new Set<string>();
  const running = new Set<Promise<void>>();
  const stopping = new AbortController();
  const events = new EventEmitter().setMaxListeners(0);

  const start = (job: JobKey): void => {
    const task = run(job, { signal: stopping.signal, onProgress: () => events.emit(job.id) })
      .then(() => undefined)
      .catch(async (error: unknown) => {
        logger.error({ err: error, jobId: job.id }, 'ingestion job runner failed');
        await onFailure(job, error).catch((failure: unknown) => logger.error({ err: failure, jobId: job.id }, 'could not mark the job failed'));
      })
      .finally(() => {
        running.delete(task);
        known.delete(job.id);
        events.emit(job.id);
        pump();
      });
    running.add(task);
  };
  const pump = (): void => {
    while (!stopping.signal.aborted && running.size < concurrency) {
      const next = waiting.shift();
      if (next === undefined) return;
      start(next);
    }
  };
  const enqueue = async (job: JobKey): Promise<void> => {
    if (known.has(job.id)) return;
    known.add(job.id);
    waiting.push(job);
    pump();
  };

  return {
    kind: 'in-process',
    enqueue,
    watch: (jobId, listener) => {
      events.on(jobId, listener);
      return () => void events.off(jobId, listener);
    },
    resumeUnfinished: async () => {
      const jobs = await findUnfinished();
      for (const job of jobs) await enqueue(job);
      return jobs.length;
    },
    close: async () => {
      stopping.abort();
      waiting.length = 0;
      await Promise.all([...running]);
    },
  };
}

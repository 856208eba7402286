import { EventEmitter } from 'node:events';
import { DelayedError, Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { JobKey } from '../../db/ingestion-jobs.js';
import type { JobQueue, RunJob } from './job-queue.js';

/*
 * The one file that talks to BullMQ. A BullMQ job carries only the job row's key; its id is the row id, so adding a
 * job twice is a no-op. Progress goes through the row, and BullMQ's progress event only tells watchers to re-read it.
 */

const QUEUE_NAME = 'ingestion';

export type BullmqOptions = { redisUrl: string; prefix: string; logger: Logger };

/** Attempts cover runner failures (database briefly down); a file's own failure never fails the BullMQ job. */
const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 };

/** The producer side, used by the server: adds jobs and relays progress events to subscribers. */
export function createBullmqQueue({ redisUrl, prefix, logger }: BullmqOptions): JobQueue {
  const connection = { url: redisUrl };
  const queue = new Queue<JobKey>(QUEUE_NAME, { connection, prefix, skipWaitingForReady: true });
  queue.on('error', (error) => logger.warn({ err: error }, 'job queue connection error'));
  const events = new EventEmitter().setMaxListeners(0);
  let queueEvents: QueueEvents | undefined;
  // One blocking connection per process, opened by the first watcher.
  const listen = (): void => {
    if (queueEvents !== undefined) return;
    queueEvents = new QueueEvents(QUEUE_NAME, { connection, prefix });
    queueEvents.on('error', (error) => logger.warn({ err: error }, 'job events connection error'));
    for (const name of ['progress', 'completed', 'failed', 'active'] as const) {
      queueEvents.on(name, ({ jobId }: { jobId: string }) => events.emit(jobId));
    }
  };
  return {
    kind: 'bullmq',
    enqueue: async (job) => {
      await queue.add('ingest', job, { ...JOB_OPTIONS, jobId: job.id });
    },
    watch: (jobId, listener) => {
      listen();
      events.on(jobId, listener);
      return () => void events.off(jobId, listener);
    },
    resumeUnfinished: async () => 0,
    close: async () => {
      await queueEvents?.close();
      await queue.close();
    },
  };
}

export type BullmqWorkerOptions = BullmqOptions & {
  run: RunJob;
  /** Called once BullMQ gives up on a job (attempts used up, or stalled too often). */
  onFinalFailure: (job: JobKey, reason: string) => Promise<void>;
  concurrency: number;
  /** How long a job stays locked without a heartbeat; a killed worker's job is taken over after about twice this. */
  lockMs: number;
};

/**
 * A worker process's consumer. A job whose worker died (lock not renewed) is moved back to the queue by BullMQ's
 * stalled check and run again; the runner then skips the files the row marks done. On SIGTERM the runner stops
 * between two files and the job is handed back (moved to delayed) instead of being counted as an attempt.
 */
export function startBullmqWorker({ redisUrl, prefix, logger, run, onFinalFailure, concurrency, lockMs }: BullmqWorkerOptions) {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const stopping = new AbortController();
  const processor = async (job: Job<JobKey>, token?: string): Promise<void> => {
    const onProgress = () => void job.updateProgress({ at: Date.now() }).catch(() => undefined);
    const outcome = await run(job.data, { signal: stopping.signal, onProgress });
    if (outcome === 'interrupted') {
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
  };
  const worker = new Worker<JobKey>(QUEUE_NAME, processor, {
    connection,
    prefix,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 2,
  });
  worker.on('error', (error) => logger.warn({ err: error }, 'job worker connection error'));
  const queue = new Queue<JobKey>(QUEUE_NAME, { connection, prefix });
  const queueEvents = new QueueEvents(QUEUE_NAME, { connection, prefix });
  queueEvents.on('failed', ({ jobId, failedReason }) => {
    void queue
      .getJob(jobId)
      .then((job) => (job === undefined ? undefined : onFinalFailure(job.data, failedReason)))
      .catch((error: unknown) => logger.error({ err: error, jobId }, 'could not record a failed ingestion job'));
  });
  return {
    ready: () => Promise.all([worker.waitUntilReady(), queueEvents.waitUntilReady()]).then(() => undefined),
    close: async () => {
      stopping.abort();
      await worker.close();
      await queueEvents.close();
      await queue.close();
    },
  };
}

import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { startBullmqWorker } from './ingestion/jobs/bullmq.js';
import { giveUpOnJob } from './ingestion/jobs/create-job-queue.js';
import { runJob } from './ingestion/jobs/run-job.js';

/**
 * `npm run worker`: a process that runs ingestion jobs from the BullMQ queue (REDIS_URL). Start as many as you like,
 * on any machine that sees the database, Redis and the server's SPOOL_DIR. A second composition root beside
 * `main.ts`: config → dependencies → worker.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.redisUrl === undefined) {
    console.error('the worker needs REDIS_URL: without Redis the server runs ingestion jobs in its own process');
    process.exit(1);
  }
  const app = await buildApp(config);
  const { logger } = app.deps;
  const worker = startBullmqWorker({
    redisUrl: config.redisUrl,
    prefix: config.jobs.queuePrefix,
    logger,
    concurrency: config.jobs.concurrency,
    lockMs: config.jobs.lockMs,
    run: (job, options) => runJob(app.deps, job, options),
    onFinalFailure: (job, reason) => giveUpOnJob(app.deps, job, reason),
  });
  await worker.ready();
  logger.info({ concurrency: config.jobs.concurrency, prefix: config.jobs.queuePrefix }, 'ragway worker ready');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Running jobs stop after their current file and go back to the queue for another worker.
    logger.info({ signal }, 'worker stopping');
    await worker.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

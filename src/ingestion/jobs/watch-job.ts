import { findJob, type JobKey } from '../../db/ingestion-jobs.js';
import type { IngestionJobRow } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';

export const FINISHED_STATUSES: ReadonlySet<IngestionJobRow['status']> = new Set(['SUCCEEDED', 'FAILED', 'PARTIAL']);

/**
 * The job's row now and after every change, ending with its finished state. Runners signal progress through the
 * queue (in-process events or BullMQ's event stream); a slow poll backs that up, so a missed signal (Redis blip, a
 * change between the first read and the subscription) only delays an update. Ends at once if the job is deleted.
 * @default pollMs 1000
 */
export async function* watchJob(deps: Pick<AppDeps, 'db' | 'jobs'>, key: JobKey, { pollMs = 1000 }: { pollMs?: number } = {}): AsyncGenerator<IngestionJobRow> {
  let signalled = false;
  let wake: (() => void) | undefined;
  const stop = deps.jobs.watch(key.id, () => {
    signalled = true;
    wake?.();
  });
  try {
    let last: string | undefined;
    for (;;) {
      signalled = false;
      const job = await findJob(deps.db, key);
      if (job === undefined) return;
      const fingerprint = JSON.stringify([job.status, job.done, job.failed, job.errors.length]);
      if (fingerprint !== last) {
        last = fingerprint;
        yield job;
      }
      if (FINISHED_STATUSES.has(job.status)) return;
      if (!signalled) await nextSignal(pollMs, (resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stop();
  }
}

function nextSignal(pollMs: number, register: (resolve: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, pollMs);
    register(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

import { findCollectionsByIds } from '../../db/collections.js';
import { failJob, finishJob, recordFileOutcome, startJob, type JobError, type JobFileEntry, type JobKey } from '../../db/ingestion-jobs.js';
import type { AppDeps } from '../../deps.js';
import { isAppError } from '../../errors.js';
import { ingestDocument } from '../ingest.js';
import { ingestFileAt } from '../ingest-file.js';
import type { JobRunOutcome } from './job-queue.js';
import { readItem, removeItem, removeJobDirectory, spoolPath, type SpoolItem } from './spool.js';

/**
 * Runs (or resumes) one job: every file still pending is ingested through the one-transaction document write and
 * then marked done or failed in the job row, so a runner killed at any point leaves committed documents, a row that
 * says which files are left, and no half document. A file ingested but not yet marked is simply ingested again on
 * resume and reported UNCHANGED by its content hash.
 */
export async function runJob(
  deps: AppDeps,
  key: JobKey,
  { signal, onProgress = () => undefined }: { signal?: AbortSignal; onProgress?: () => void } = {},
): Promise<JobRunOutcome> {
  const job = await startJob(deps.db, key);
  if (job === undefined) return 'finished';
  onProgress();
  const [collection] = await findCollectionsByIds(deps.db, key.tenantId, [job.collectionId]);
  if (collection === undefined) {
    await failJob(deps.db, key, { file: '*', code: 'NOT_FOUND', message: 'the collection was deleted before the job ran' });
    return 'finished';
  }
  for (const [index, file] of job.files.entries()) {
    if (file.state !== 'pending') continue;
    if (signal?.aborted === true) return 'interrupted';
    const { item, error } = await ingestItem(deps, { tenantId: key.tenantId, collection: collection.name, file });
    await recordFileOutcome(deps.db, key, { index, error });
    await removeItem(deps.config.uploads.spoolDir, item, file.path).catch((cause: unknown) =>
      deps.logger.warn({ err: cause, jobId: key.id, file: file.name }, 'could not remove a spooled file'),
    );
    onProgress();
  }
  await finishJob(deps.db, key);
  await removeJobDirectory(deps.config.uploads.spoolDir, key.id);
  onProgress();
  return 'finished';
}

async function ingestItem(
  deps: AppDeps,
  { tenantId, collection, file }: { tenantId: string; collection: string; file: JobFileEntry },
): Promise<{ item: SpoolItem | undefined; error: JobError | undefined }> {
  let item: SpoolItem | undefined;
  try {
    item = await readItem(deps.config.uploads.spoolDir, file.path);
    await ingestSpooledItem(deps, { tenantId, collection }, item);
    return { item, error: undefined };
  } catch (error) {
    return { item, error: toJobError(deps, file.name, error) };
  }
}

async function ingestSpooledItem(deps: AppDeps, target: { tenantId: string; collection: string }, item: SpoolItem): Promise<void> {
  switch (item.kind) {
    case 'file':
      await ingestFileAt(deps, {
        ...target,
        externalId: item.name,
        name: item.name,
        path: spoolPath(deps.config.uploads.spoolDir, item.data),
        declaredType: item.declaredType,
        source: item.name,
        metadata: item.metadata,
      });
      return;
    case 'document': {
      const { kind: _kind, ...document } = item;
      await ingestDocument(deps, { ...target, ...document });
      return;
    }
    default: {
      const unreachable: never = item;
      throw new Error(`unknown spool item ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A file's failure as the client sees it: AppErrors keep code and message; anything else is logged and masked. */
export function toJobError(deps: Pick<AppDeps, 'logger'>, file: string, error: unknown): JobError {
  if (isAppError(error)) return { file, code: error.code, message: error.message };
  if ((error as { code?: unknown }).code === 'ENOENT') {
    return { file, code: 'INTERNAL_SERVER_ERROR', message: 'the spooled upload is missing (does this worker share SPOOL_DIR with the server?)' };
  }
  deps.logger.error({ err: error, file }, 'unexpected error while ingesting a file of a job');
  return { file, code: 'INTERNAL_SERVER_ERROR', message: 'unexpected error while ingesting this file' };
}

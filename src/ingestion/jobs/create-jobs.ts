import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { failJob, insertJob, type JobError, type JobFileEntry } from '../../db/ingestion-jobs.js';
import type { IngestionJobRow } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { AppError, badInput, isAppError } from '../../errors.js';
import { requireCollection } from '../collections.js';
import type { IngestDocumentInput } from '../ingest.js';
import { validateMetadata } from '../validate.js';
import { createJobDirectory, itemPaths, removeJobDirectory, spoolPath, writeItem } from './spool.js';

/** An uploaded file as the transport hands it over; `open` throws or its stream fails with an AppError for a file-level problem. */
export type IncomingFile = { name: string; declaredType: string | undefined; open(): Readable };

/** An inline document of a batch: an ingestDocument input without the tenant and collection the job gives it. */
export type BatchDocument = Omit<IngestDocumentInput, 'tenantId' | 'collection'>;

/**
 * Streams each upload to the spool (memory stays at one stream buffer whatever the file size), records the job and
 * hands it to the queue. A file over the per-file limit becomes a failed item of the job; passing the per-request
 * limit, or a transport failure, fails the whole request and removes what was spooled.
 */
export async function createUploadJob(
  deps: AppDeps,
  { tenantId, collection, files, metadata }: { tenantId: string; collection: string; files: readonly (() => Promise<IncomingFile>)[]; metadata?: unknown },
): Promise<IngestionJobRow> {
  assertItemCount(deps, files.length);
  const fileMetadata = metadata === undefined || metadata === null ? undefined : validateMetadata(metadata);
  const target = await requireCollection(deps, tenantId, collection);
  return withJobDirectory(deps, async (id) => {
    const budget = new RequestBudget(deps.config.uploads.maxRequestBytes);
    const entries: JobFileEntry[] = [];
    const errors: JobError[] = [];
    for (const [index, receive] of files.entries()) {
      const file = await receive().catch((error: unknown) => {
        throw badInput(`file ${index + 1} of the request did not arrive: ${error instanceof Error ? error.message : String(error)}`);
      });
      const name = fileName(file.name, index);
      const paths = itemPaths(id, index);
      try {
        const size = await spoolStream(file.open(), spoolPath(deps.config.uploads.spoolDir, paths.data), budget);
        await writeItem(deps.config.uploads.spoolDir, paths.descriptor, {
          kind: 'file', name, data: paths.data,
          ...(file.declaredType === undefined ? {} : { declaredType: file.declaredType }),
          ...(fileMetadata === undefined ? {} : { metadata: fileMetadata }),
        });
        entries.push({ name, path: paths.descriptor, size, state: 'pending' });
      } catch (error) {
        if (!isAppError(error) || error === budget.exceeded) throw error;
        entries.push({ name, path: paths.descriptor, size: 0, state: 'failed' });
        errors.push({ file: name, code: error.code, message: error.message });
      }
    }
    return submit(deps, { id, tenantId, collectionId: target.id, files: entries, errors });
  });
}

/** `ingestDocuments`: inline documents become spooled items of one job, each ingested and committed on its own. */
export async function createBatchJob(
  deps: AppDeps,
  { tenantId, collection, documents }: { tenantId: string; collection: string; documents: readonly BatchDocument[] },
): Promise<IngestionJobRow> {
  assertItemCount(deps, documents.length);
  const seen = new Set<string>();
  for (const document of documents) {
    if (seen.has(document.externalId)) throw badInput(`externalId "${document.externalId}" appears twice in the batch`);
    seen.add(document.externalId);
  }
  const target = await requireCollection(deps, tenantId, collection);
  return withJobDirectory(deps, async (id) => {
    const entries: JobFileEntry[] = [];
    for (const [index, document] of documents.entries()) {
      const { descriptor } = itemPaths(id, index);
      await writeItem(deps.config.uploads.spoolDir, descriptor, { kind: 'document', ...document });
      entries.push({ name: document.externalId, path: descriptor, size: Buffer.byteLength(document.content, 'utf8'), state: 'pending' });
    }
    return submit(deps, { id, tenantId, collectionId: target.id, files: entries, errors: [] });
  });
}

function assertItemCount(deps: AppDeps, count: number): void {
  if (count === 0) throw badInput('a job needs at least one file or document');
  const { maxFiles } = deps.config.uploads;
  if (count > maxFiles) throw new AppError('PAYLOAD_TOO_LARGE', `${count} items in one request; the limit is ${maxFiles}`);
}

async function withJobDirectory(deps: AppDeps, build: (id: string) => Promise<IngestionJobRow>): Promise<IngestionJobRow> {
  const id = randomUUID();
  await createJobDirectory(deps.config.uploads.spoolDir, id);
  try {
    return await build(id);
  } catch (error) {
    await removeJobDirectory(deps.config.uploads.spoolDir, id);
    throw error;
  }
}

/** Stores the job, then queues it; a queue that refuses leaves a FAILED job behind rather than a QUEUED one nobody runs. */
async function submit(deps: AppDeps, values: Parameters<typeof insertJob>[1]): Promise<IngestionJobRow> {
  const row = await insertJob(deps.db, values);
  const key = { tenantId: row.tenantId, id: row.id };
  try {
    await deps.jobs.enqueue(key);
  } catch (error) {
    const message = `the job queue is unavailable: ${error instanceof Error ? error.message : String(error)}`;
    await failJob(deps.db, key, { file: '*', code: 'UPSTREAM_UNAVAILABLE', message });
    throw new AppError('UPSTREAM_UNAVAILABLE', message, { cause: error });
  }
  return row;
}

/** Client file names may carry directories (old browsers send full Windows paths); only the last segment is kept. */
function fileName(name: string, index: number): string {
  const last = basename(name.replace(/\\/g, '/')).trim();
  return last === '' ? `file-${index + 1}` : last;
}

class RequestBudget {
  used = 0;
  readonly exceeded: AppError;
  constructor(readonly maxBytes: number) {
    this.exceeded = new AppError('PAYLOAD_TOO_LARGE', `the upload request passes the ${maxBytes}-byte limit for all its files together`);
  }
}

async function spoolStream(source: Readable, path: string, budget: RequestBudget): Promise<number> {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      budget.used += chunk.length;
      callback(budget.used > budget.maxBytes ? budget.exceeded : null, chunk);
    },
  });
  await pipeline(source, counter, createWriteStream(path));
  return size;
}

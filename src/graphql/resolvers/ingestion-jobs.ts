import { PassThrough, type Readable } from 'node:stream';
import GraphQLUpload from 'graphql-upload/GraphQLUpload.mjs';
import type { FileUpload } from 'graphql-upload/processRequest.mjs';
import { findJob, type JobFileEntry } from '../../db/ingestion-jobs.js';
import type { IngestionJobRow } from '../../db/schema.js';
import { AppError, badInput, notFound } from '../../errors.js';
import { assertUuid } from '../../ingestion/delete.js';
import { createBatchJob, createUploadJob, type IncomingFile } from '../../ingestion/jobs/create-jobs.js';
import { watchJob } from '../../ingestion/jobs/watch-job.js';
import type {
  IngestionJobResolvers,
  JobFileResolvers,
  JobFileState,
  MutationResolvers,
  QueryResolvers,
  SubscriptionResolvers,
} from '../generated/resolvers.js';
import { dropNulls } from './drop-nulls.js';
import { requireLoaded } from './require-loaded.js';

export { GraphQLUpload };

export const ingestionJobQuery: Pick<QueryResolvers, 'ingestionJob'> = {
  ingestionJob: async (_parent, { id }, { deps, viewer }) => {
    assertUuid(id, 'job id');
    return (await findJob(deps.db, { tenantId: viewer.tenantId, id })) ?? null;
  },
};

export const ingestionJobMutation: Pick<MutationResolvers, 'uploadDocuments' | 'ingestDocuments'> = {
  uploadDocuments: (_parent, { collection, files, metadata }, { deps, viewer }) =>
    createUploadJob(deps, {
      tenantId: viewer.tenantId,
      collection,
      files: files.map((value) => () => incomingFile(value, deps.config.uploads.maxFileBytes)),
      metadata,
    }),
  ingestDocuments: (_parent, { collection, documents }, { deps, viewer }) =>
    createBatchJob(deps, { tenantId: viewer.tenantId, collection, documents: documents.map(dropNulls) }),
};

export const ingestionJobSubscription: Pick<SubscriptionResolvers, 'ingestionJob'> = {
  ingestionJob: {
    subscribe: async (_parent, { id }, { deps, viewer }) => {
      assertUuid(id, 'job id');
      const key = { tenantId: viewer.tenantId, id };
      if ((await findJob(deps.db, key)) === undefined) throw notFound(`ingestion job ${id} does not exist`);
      return watchJob(deps, key);
    },
    resolve: (job: IngestionJobRow) => job,
  },
};

export const IngestionJob: IngestionJobResolvers = {
  collection: async (job, _args, { loaders }) => requireLoaded(await loaders.collection.load(job.collectionId), 'collection'),
  progress: (job) => ({ total: job.total, done: job.done, failed: job.failed }),
};

const FILE_STATES: Record<string, JobFileState> = { pending: 'PENDING', done: 'DONE', failed: 'FAILED' };

export const JobFile: JobFileResolvers = {
  state: (file: JobFileEntry) => {
    const state = FILE_STATES[file.state];
    if (state === undefined) throw new Error(`unknown job file state ${file.state}`);
    return state;
  },
};

/** The Upload scalar hands over a promise of graphql-upload's FileUpload; its transport errors become AppErrors. */
async function incomingFile(value: unknown, maxFileBytes: number): Promise<IncomingFile> {
  const upload = (await value) as Partial<FileUpload> | null;
  if (typeof upload?.createReadStream !== 'function' || typeof upload.filename !== 'string') {
    throw badInput('files must be sent as a GraphQL multipart request');
  }
  const file = upload as FileUpload;
  return { name: file.filename, declaredType: file.mimetype, open: () => openUpload(file, maxFileBytes) };
}

function openUpload(file: FileUpload, maxFileBytes: number): Readable {
  const translate = (error: unknown): unknown =>
    (error as { status?: unknown }).status === 413
      ? new AppError('PAYLOAD_TOO_LARGE', `file is larger than the per-file limit of ${maxFileBytes} bytes`)
      : error;
  let source: Readable;
  try {
    source = file.createReadStream();
  } catch (error) {
    throw translate(error);
  }
  const output = new PassThrough();
  source.on('error', (error) => output.destroy(translate(error) as Error));
  return source.pipe(output);
}

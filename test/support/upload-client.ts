import { setTimeout as delay } from 'node:timers/promises';
import { graphql, type GraphQLResponse } from './graphql-client.js';

/** A file part of a multipart upload. */
export type UploadPart = { name: string; bytes: Buffer | Uint8Array; type?: string };

export const JOB_FIELDS = `id status progress { total done failed } errors { file code message }
  files { name size state } createdAt startedAt finishedAt collection { name }`;

export type JobData = {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'PARTIAL';
  progress: { total: number; done: number; failed: number };
  errors: { file: string; code: string; message: string }[];
  files: { name: string; size: number; state: string }[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  collection: { name: string };
};

const UPLOAD = `mutation Upload($collection: String!, $files: [Upload!]!, $metadata: JSON) {
  uploadDocuments(collection: $collection, files: $files, metadata: $metadata) { ${JOB_FIELDS} } }`;

/** The multipart form of the GraphQL multipart request spec: `operations`, `map`, then one part per file. */
export function uploadForm(collection: string, parts: readonly UploadPart[], metadata?: Record<string, unknown>): FormData {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: UPLOAD, variables: { collection, files: parts.map(() => null), metadata: metadata ?? null } }));
  form.append('map', JSON.stringify(Object.fromEntries(parts.map((_, index) => [String(index), [`variables.files.${index}`]]))));
  parts.forEach((part, index) => form.append(String(index), new Blob([part.bytes], { type: part.type ?? 'application/octet-stream' }), part.name));
  return form;
}

/** A real multipart POST, with the CSRF-preflight header unless `headers` replaces it. */
export async function upload(
  url: string,
  collection: string,
  parts: readonly UploadPart[],
  { headers = { 'apollo-require-preflight': 'true' }, metadata }: { headers?: Record<string, string>; metadata?: Record<string, unknown> } = {},
): Promise<GraphQLResponse<{ uploadDocuments: JobData }>> {
  const response = await fetch(url, { method: 'POST', headers, body: uploadForm(collection, parts, metadata) });
  const body = (await response.json()) as Omit<GraphQLResponse<{ uploadDocuments: JobData }>, 'status'>;
  return { status: response.status, ...body };
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'PARTIAL']);

/** Polls `ingestionJob(id)` until the job is finished (the state a client would poll for), or fails after `timeoutMs`. */
export async function waitForJob(url: string, id: string, { timeoutMs = 60_000 } = {}): Promise<JobData> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await graphql<{ ingestionJob: JobData | null }>(url, `query Job($id: ID!) { ingestionJob(id: $id) { ${JOB_FIELDS} } }`, { id });
    const job = result.data?.ingestionJob;
    if (job === undefined || job === null) throw new Error(`job ${id} not found: ${JSON.stringify(result.errors)}`);
    if (FINISHED.has(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms: ${JSON.stringify(job.progress)}`);
    await delay(25);
  }
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { findJob } from '../../src/db/ingestion-jobs.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { createUploadJob } from '../../src/ingestion/jobs/create-jobs.js';
import { FINISHED_STATUSES } from '../../src/ingestion/jobs/watch-job.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';
import { waitUntil } from '../support/redis-server.js';

/**
 * Without Redis the server runs jobs itself. A server stopped in the middle of a job leaves it RUNNING with its
 * remaining files spooled; the next start (`main.ts` calls `resumeUnfinished`) finishes it. Runs on the embedded
 * database in a directory, the default deployment, so the second app opens what the first one wrote.
 */
describe('in-process ingestion jobs across a restart', () => {
  let root: string;
  let fake: FakeOpenAI;
  let environment: Record<string, string>;
  const open = (): Promise<App> => buildApp(loadConfig(environment), { logger: pino({ level: 'silent' }) });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ragway-resume-'));
    fake = await startFakeOpenAI();
    environment = {
      RAGWAY_DATA_DIR: join(root, 'data'),
      SPOOL_DIR: join(root, 'spool'),
      EMBEDDINGS_PROVIDER: 'openai',
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_API_KEY: 'test-key',
      EMBEDDINGS_MODEL: 'fake-embedding',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('resumes the files a stopped process left and finishes the job', async () => {
    const first = await open();
    const tenantId = first.deps.defaultTenantId;
    await createCollection(first.deps, { tenantId, name: 'docs' });
    let embeddings = 0;
    let closing: Promise<void> | undefined;
    // The server is asked to stop while it embeds the second document: that document still commits, then the runner stops.
    fake.intercept((request) => {
      if (request.path === '/v1/embeddings' && (embeddings += 1) === 2) closing = first.close();
      return undefined;
    });
    const files = Array.from({ length: 5 }, (_, index) => () =>
      Promise.resolve({ name: `part-${index}.md`, declaredType: 'text/markdown', open: () => Readable.from([Buffer.from(`# Part ${index}\n\nResumable content number ${index}.`)]) }),
    );
    const job = await createUploadJob(first.deps, { tenantId, collection: 'docs', files });
    await waitUntil(() => closing !== undefined, { timeoutMs: 30_000, what: 'the shutdown to start' });
    await closing;
    fake.intercept(undefined);

    const second = await open();
    try {
      const key = { tenantId, id: job.id };
      const stopped = await findJob(second.deps.db, key);
      expect(stopped).toMatchObject({ status: 'RUNNING', total: 5, done: 2, failed: 0 });
      expect(stopped?.files.map((file) => file.state)).toEqual(['done', 'done', 'pending', 'pending', 'pending']);
      expect(await second.deps.jobs.resumeUnfinished()).toBe(1);
      await waitUntil(async () => FINISHED_STATUSES.has((await findJob(second.deps.db, key))?.status ?? 'RUNNING'), { timeoutMs: 30_000, what: 'the job to finish' });
      expect(await findJob(second.deps.db, key)).toMatchObject({ status: 'SUCCEEDED', done: 5, failed: 0, errors: [] });
      // Five documents embedded once each: the two done before the stop were not embedded again.
      expect(fake.requests.filter((request) => request.path === '/v1/embeddings')).toHaveLength(5);
    } finally {
      await second.close();
    }
  }, 120_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { selectRows } from '../../src/db/client.js';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { ADMIN_DATABASE_URL } from '../support/databases.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';
import { graphql } from '../support/graphql-client.js';
import { SHARED_REDIS_URL, uniqueKeyPrefix, waitUntil } from '../support/redis-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { JOB_FIELDS, upload, waitForJob, type JobData } from '../support/upload-client.js';

const REDIS_URL = process.env['REDIS_URL'] ?? SHARED_REDIS_URL;
const REPOSITORY = new URL('../..', import.meta.url).pathname;

/**
 * The production topology: the server only queues jobs on BullMQ; `src/worker.ts` processes (spawned exactly as
 * `npm run worker` runs them) ingest them. Workers and server share PostgreSQL, Redis and the spool directory, so
 * this suite needs native PostgreSQL (PGlite lives inside one process).
 */
describe.skipIf(ADMIN_DATABASE_URL === undefined)('ingestion jobs on BullMQ with separate worker processes', () => {
  const prefix = uniqueKeyPrefix().slice(0, -1);
  let fake: FakeOpenAI;
  let app: TestApp;
  let server: RunningServer;
  let spoolDir: string;
  let workerEnvironment: Record<string, string>;
  const workers = new Set<ChildProcess>();

  const startWorker = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: REPOSITORY,
      env: { ...process.env, ...workerEnvironment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.add(child);
    child.once('exit', () => workers.delete(child));
    let output = '';
    child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    await waitUntil(() => output.includes('ragway worker ready') || child.exitCode !== null, { timeoutMs: 60_000, what: 'the worker to start' });
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${output}`);
    return child;
  };
  const kill = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };
  const documents = () =>
    selectRows<{ externalId: string; chunks: number }>(
      app.deps.db,
      sql`SELECT d.external_id AS "externalId", count(c.id)::int AS chunks FROM documents d LEFT JOIN chunks c ON c.document_id = d.id
          GROUP BY d.external_id ORDER BY d.external_id`,
    );

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    spoolDir = await mkdtemp(join(tmpdir(), 'ragway-worker-spool-'));
    const environment = {
      REDIS_URL,
      JOB_QUEUE_PREFIX: prefix,
      CACHE_KEY_PREFIX: `${prefix}:cache:`,
      SPOOL_DIR: spoolDir,
      // A killed worker's job is taken over after about two lock periods (default 30 s): keep the test short.
      JOB_LOCK_MS: '2000',
      EMBEDDINGS_PROVIDER: 'openai',
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_API_KEY: 'test-key',
      EMBEDDINGS_MODEL: 'fake-embedding',
      EMBEDDINGS_MAX_RETRIES: '0',
      LOG_LEVEL: 'info',
    };
    app = await createTestApp('postgres', environment);
    expect(app.deps.jobs.kind).toBe('bullmq');
    const database = app.deps.config.database;
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    workerEnvironment = { ...environment, DATABASE_URL: database.url };
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    await graphql(server.url, 'mutation { createCollection(input: { name: "queue", chunkSize: 64, chunkOverlap: 8 }) { name } }');
  });
  afterAll(async () => {
    await Promise.all([...workers].map(kill));
    await server?.stop();
    await app?.dispose();
    await fake?.close();
    await rm(spoolDir, { recursive: true, force: true });
    const queue = new Queue('ingestion', { connection: { url: REDIS_URL }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('queues uploads for a worker process and reports its progress over the subscription', async () => {
    const worker = await startWorker();
    const parts = Array.from({ length: 3 }, (_, index) => ({ name: `queued-${index}.md`, bytes: Buffer.from(`# Queued ${index}\n\nA worker ingested file ${index}.`) }));
    const started = await upload(server.url, 'queue', parts);
    expect(started.errors).toBeUndefined();
    const client = createClient({ url: server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    const events: JobData[] = [];
    for await (const result of client.iterate<{ ingestionJob: JobData }>({
      query: `subscription Job($id: ID!) { ingestionJob(id: $id) { ${JOB_FIELDS} } }`,
      variables: { id: started.data!.uploadDocuments.id },
    })) {
      events.push(result.data!.ingestionJob);
    }
    await client.dispose();
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: { total: 3, done: 3, failed: 0 } });
    expect((await documents()).map((row) => row.externalId)).toEqual(['queued-0.md', 'queued-1.md', 'queued-2.md']);
    await kill(worker);
  });

  it('resumes a job whose worker was killed mid-document, with no half document ever visible', async () => {
    const parts = Array.from({ length: 5 }, (_, index) => ({ name: `crash-${index}.md`, bytes: Buffer.from(`# Crash ${index}\n\nThe file numbered ${index} survives a crash.`) }));
    const embeddingRequests = () => fake.requests.filter((request) => request.path === '/v1/embeddings').length;
    const requestsBefore = embeddingRequests();
    let embeddingCalls = 0;
    let stuckAt: (() => void) | undefined;
    const stuck = new Promise<void>((resolve) => (stuckAt = resolve));
    // The third document's embedding request hangs: the worker is then inside a document, before its transaction.
    fake.intercept((request) => {
      if (request.path !== '/v1/embeddings') return undefined;
      embeddingCalls += 1;
      if (embeddingCalls !== 3) return undefined;
      stuckAt?.();
      return { delayMs: 120_000 };
    });
    const first = await startWorker();
    const started = await upload(server.url, 'queue', parts);
    const id = started.data!.uploadDocuments.id;
    await stuck;
    const during = await graphql<{ ingestionJob: JobData }>(server.url, `query Job($id: ID!) { ingestionJob(id: $id) { ${JOB_FIELDS} } }`, { id });
    expect(during.data?.ingestionJob).toMatchObject({ status: 'RUNNING', progress: { total: 5, done: 2, failed: 0 } });
    await kill(first);
    fake.intercept(undefined);

    const afterKill = (await documents()).filter((row) => row.externalId.startsWith('crash-'));
    expect(afterKill).toEqual([{ externalId: 'crash-0.md', chunks: 1 }, { externalId: 'crash-1.md', chunks: 1 }]);

    await startWorker();
    const job = await waitForJob(server.url, id, { timeoutMs: 60_000 });
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: { total: 5, done: 5, failed: 0 }, errors: [] });
    const rows = (await documents()).filter((row) => row.externalId.startsWith('crash-'));
    expect(rows).toEqual(parts.map((part) => ({ externalId: part.name, chunks: 1 })));
    // BM25 statistics agree with the chunks that exist: nothing of the interrupted write was left behind.
    const [stats] = await selectRows<{ counted: number; recorded: number }>(
      app.deps.db,
      sql`SELECT (SELECT count(*)::int FROM chunks c JOIN collections k ON k.id = c.collection_id WHERE k.name = 'queue') AS counted,
                 (SELECT chunk_count::int FROM collections WHERE name = 'queue') AS recorded`,
    );
    expect(stats?.recorded).toBe(stats?.counted);
    // Five documents, plus the one whose embedding was cut off by the kill and was embedded again.
    expect(embeddingRequests() - requestsBefore).toBe(6);
  });
});

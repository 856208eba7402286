import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { selectRows } from '../../src/db/client.js';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { RUNTIMES } from '../support/databases.js';
import {
  INVALID_UTF8,
  makeCorruptPdf,
  makeDocx,
  makeEmptyPdf,
  makeEncryptedPdf,
  makeImageOnlyPdf,
  makeLyingZipDocx,
  makePdf,
  makeZipBombDocx,
  TINY_PNG,
} from '../support/document-fixtures.js';
import { errorCodes, graphql } from '../support/graphql-client.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { JOB_FIELDS, upload, uploadForm, waitForJob, type JobData, type UploadPart } from '../support/upload-client.js';

const LIMITS = { MAX_UPLOAD_FILE_BYTES: '1000000', MAX_UPLOAD_FILES: '12', MAX_UPLOAD_REQUEST_BYTES: '3000000', MAX_UNCOMPRESSED_BYTES: '8000000' };
const SEARCH = `query Search($input: SearchInput!) { search(input: $input) { hits { chunk { content page headingPath
  document { id externalId title mimeType metadata updatedAt } } } } }`;
type Hit = { chunk: { content: string; page: number | null; headingPath: string[]; document: { id: string; externalId: string; title: string | null; mimeType: string; metadata: unknown; updatedAt: string } } };

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

describe.each(RUNTIMES)('uploads and ingestion jobs on %s', (runtime) => {
  let app: TestApp;
  let server: RunningServer;
  let spoolDir: string;
  const search = async (query: string): Promise<Hit[]> => {
    const result = await graphql<{ search: { hits: Hit[] } }>(server.url, SEARCH, { input: { collection: 'files', query, mode: 'KEYWORD', limit: 3 } });
    expect(result.errors).toBeUndefined();
    return result.data?.search.hits ?? [];
  };
  const uploadAndWait = async (parts: UploadPart[]): Promise<JobData> => {
    const result = await upload(server.url, 'files', parts);
    expect(result.errors).toBeUndefined();
    return waitForJob(server.url, result.data!.uploadDocuments.id);
  };
  const jobCount = async () => (await selectRows<{ count: number }>(app.deps.db, sql`SELECT count(*)::int AS count FROM ingestion_jobs`))[0]?.count;
  const documentCount = async () => {
    const result = await graphql<{ collection: { documentCount: number } }>(server.url, '{ collection(name: "files") { documentCount } }');
    return result.data?.collection.documentCount;
  };

  beforeAll(async () => {
    spoolDir = await mkdtemp(join(tmpdir(), 'ragway-spool-'));
    app = await createTestApp(runtime, { ...LIMITS, SPOOL_DIR: spoolDir });
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    const created = await graphql(server.url, 'mutation { createCollection(input: { name: "files", chunkSize: 64, chunkOverlap: 8 }) { name } }');
    expect(created.errors).toBeUndefined();
  });
  afterAll(async () => {
    await server?.stop();
    await app?.dispose();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('ingests PDF, DOCX, HTML, Markdown and text from one multipart request, keeping PDF page numbers', async () => {
    const parts: UploadPart[] = [
      { name: 'manual.pdf', bytes: await makePdf(['Compressor washing restores efficiency.', 'Borescope inspection reveals blade erosion.'], { title: 'Engine manual' }), type: 'application/pdf' },
      { name: 'handbook.docx', bytes: await makeDocx([{ heading: 1, text: 'Handbook' }, { heading: 2, text: 'Calibration' }, { text: 'Calibrate the torque sensor every spring.' }]) },
      { name: 'page.html', bytes: text('<html><head><title>Hangar rules</title></head><body><h1>Rules</h1><p>Hangar doors close at dusk.</p></body></html>'), type: 'text/html' },
      { name: 'notes.md', bytes: text('# Notes\n\n## Fuel\n\nJet fuel waxes near minus forty degrees.') },
      { name: 'plain.txt', bytes: text('Tyre pressure is checked before every flight.'), type: 'text/plain' },
    ];
    const result = await upload(server.url, 'files', parts, { metadata: { shelf: 'first-upload' } });
    expect(result.errors).toBeUndefined();
    const queued = result.data!.uploadDocuments;
    expect(queued).toMatchObject({ status: 'QUEUED', progress: { total: 5, done: 0, failed: 0 }, errors: [], collection: { name: 'files' }, finishedAt: null });
    expect(queued.files.map((file) => [file.name, file.size])).toEqual(parts.map((part) => [part.name, part.bytes.length]));

    const job = await waitForJob(server.url, queued.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: { total: 5, done: 5, failed: 0 }, errors: [] });
    expect(job.files.map((file) => file.state)).toEqual(['DONE', 'DONE', 'DONE', 'DONE', 'DONE']);
    expect(Date.parse(job.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(job.startedAt ?? ''));

    const [pdfHit] = await search('borescope erosion');
    expect(pdfHit?.chunk).toMatchObject({ page: 2, document: { externalId: 'manual.pdf', title: 'Engine manual', mimeType: 'application/pdf' } });
    expect((await search('compressor washing'))[0]?.chunk.page).toBe(1);
    expect((await search('torque sensor'))[0]?.chunk).toMatchObject({ page: null, headingPath: ['Handbook', 'Calibration'], document: { externalId: 'handbook.docx' } });
    expect((await search('hangar dusk'))[0]?.chunk.document).toMatchObject({ externalId: 'page.html', title: 'Hangar rules', mimeType: 'text/html' });
    expect((await search('jet fuel'))[0]?.chunk).toMatchObject({ headingPath: ['Notes', 'Fuel'], document: { mimeType: 'text/markdown' } });
    expect((await search('tyre pressure'))[0]?.chunk.document.externalId).toBe('plain.txt');
    expect(pdfHit?.chunk.document.metadata).toEqual({ shelf: 'first-upload' });
    // Everything was moved out of the spool once ingested.
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('skips an unchanged file by its content hash and re-ingests a changed one', async () => {
    const pdf = await makePdf(['Anti-ice valves open below five degrees.']);
    await uploadAndWait([{ name: 'anti-ice.pdf', bytes: pdf }]);
    const before = (await search('anti-ice valves'))[0]?.chunk.document;
    const again = await uploadAndWait([{ name: 'anti-ice.pdf', bytes: pdf }]);
    expect(again.status).toBe('SUCCEEDED');
    expect((await search('anti-ice valves'))[0]?.chunk.document).toEqual(before);
    await uploadAndWait([{ name: 'anti-ice.pdf', bytes: await makePdf(['Anti-ice valves open below three degrees.']) }]);
    const after = (await search('anti-ice valves'))[0]?.chunk;
    expect(after?.document.id).toBe(before?.id);
    expect(after?.content).toContain('three degrees');
  });

  it('fails each bad file alone with a typed error and a precise message', async () => {
    const documentsBefore = await documentCount();
    const corpus: [string, Buffer, string, RegExp][] = [
      ['corrupt.pdf', makeCorruptPdf(), 'BAD_USER_INPUT', /not a readable PDF/],
      ['encrypted.pdf', await makeEncryptedPdf(), 'BAD_USER_INPUT', /PDF is encrypted/],
      ['no-pages.pdf', await makeEmptyPdf(), 'BAD_USER_INPUT', /no pages, or only blank ones/],
      ['scanned.pdf', await makeImageOnlyPdf(), 'BAD_USER_INPUT', /no text layer .* OCR/],
      ['bomb.docx', await makeZipBombDocx(32 * 1024 * 1024), 'PAYLOAD_TOO_LARGE', /DOCX expands to \d+ bytes, over the 8000000-byte limit/],
      ['lying.docx', await makeLyingZipDocx(64 * 1024 * 1024), 'PAYLOAD_TOO_LARGE', /inflates past its declared 1024 bytes/],
      ['photo.txt', TINY_PNG, 'BAD_USER_INPUT', /file content is image\/png/],
      ['latin1.txt', INVALID_UTF8, 'BAD_USER_INPUT', /not valid UTF-8 text \(byte 0xc3 at offset 6\)/],
      ['empty.txt', Buffer.alloc(0), 'BAD_USER_INPUT', /^file is empty$/],
      ['blank.md', text(' \n\n \t\n'), 'BAD_USER_INPUT', /document content is empty/],
    ];
    const good = { name: 'good.md', bytes: text('# Survivor\n\nThe good file among bad ones mentions gyroscopes.') };
    const parts = [...corpus.slice(0, 5).map(([name, bytes]) => ({ name, bytes })), good, ...corpus.slice(5).map(([name, bytes]) => ({ name, bytes }))];
    const job = await uploadAndWait(parts);
    expect(job).toMatchObject({ status: 'PARTIAL', progress: { total: 11, done: 1, failed: 10 } });
    expect(job.files.find((file) => file.name === 'good.md')?.state).toBe('DONE');
    expect(job.errors.map((error) => error.file)).toEqual(corpus.map(([name]) => name));
    for (const [name, , code, message] of corpus) {
      const error = job.errors.find((entry) => entry.file === name);
      expect(error, name).toMatchObject({ code, message: expect.stringMatching(message) });
    }
    expect(await documentCount()).toBe((documentsBefore ?? 0) + 1);
    expect((await search('gyroscopes'))[0]?.chunk.document.externalId).toBe('good.md');
  });

  it('fails a file over the per-file limit alone, and refuses requests over the file-count or request-size limit', async () => {
    const tooBig = await uploadAndWait([{ name: 'huge.txt', bytes: Buffer.alloc(1_200_000, 0x61) }, { name: 'small.md', bytes: text('Small files still pass.') }]);
    expect(tooBig).toMatchObject({ status: 'PARTIAL', progress: { total: 2, done: 1, failed: 1 } });
    expect(tooBig.errors).toEqual([{ file: 'huge.txt', code: 'PAYLOAD_TOO_LARGE', message: 'file is larger than the per-file limit of 1000000 bytes' }]);

    const jobsBefore = await jobCount();
    const many = await upload(server.url, 'files', Array.from({ length: 13 }, (_, index) => ({ name: `f${index}.txt`, bytes: text(`file ${index}`) })));
    expect(many.status).toBe(413);
    expect(errorCodes(many)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(many.errors?.[0]?.message).toMatch(/12 max file uploads exceeded/);

    const heavy = Array.from({ length: 4 }, (_, index) => ({ name: `part${index}.txt`, bytes: Buffer.alloc(900_000, 0x62) }));
    const declared = await upload(server.url, 'files', heavy);
    expect(declared.status).toBe(413);
    expect(declared.errors?.[0]).toMatchObject({ message: expect.stringMatching(/upload limit is 3000000 bytes per request/), extensions: { code: 'PAYLOAD_TOO_LARGE' } });

    // Without Content-Length (a streamed body) the limit is enforced while the files are spooled.
    const form = new Response(uploadForm('files', heavy));
    const streamed = await fetch(server.url, {
      method: 'POST',
      headers: { 'apollo-require-preflight': 'true', 'content-type': form.headers.get('content-type') ?? '' },
      body: form.body,
      duplex: 'half',
    } as RequestInit);
    const streamedBody = (await streamed.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(streamedBody.errors?.[0]).toMatchObject({ message: expect.stringMatching(/passes the 3000000-byte limit for all its files together/), extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await jobCount()).toBe(jobsBefore);
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('keeps CSRF prevention on for multipart requests and refuses non-multipart uploads', async () => {
    const jobsBefore = await jobCount();
    const blocked = await upload(server.url, 'files', [{ name: 'a.txt', bytes: text('forged') }], { headers: {} });
    expect(blocked.status).toBe(400);
    expect(blocked.errors?.[0]).toMatchObject({ message: expect.stringMatching(/apollo-require-preflight/), extensions: { code: 'BAD_USER_INPUT' } });
    const json = await graphql(server.url, 'mutation($files: [Upload!]!) { uploadDocuments(collection: "files", files: $files) { id } }', { files: ['not a file'] });
    expect(errorCodes(json)).toEqual(['BAD_USER_INPUT']);
    const missing = await upload(server.url, 'nope', [{ name: 'a.txt', bytes: text('hello') }]);
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
    expect(await jobCount()).toBe(jobsBefore);
  });

  it('runs an ingestDocuments batch as a job where each document commits on its own', async () => {
    const BATCH = `mutation Batch($documents: [IngestBatchDocumentInput!]!) { ingestDocuments(collection: "files", documents: $documents) { ${JOB_FIELDS} } }`;
    const result = await graphql<{ ingestDocuments: JobData }>(server.url, BATCH, {
      documents: [
        { externalId: 'batch-a', content: 'Hydraulic fluid is replaced yearly.', title: 'Hydraulics', metadata: { team: 'maintenance' } },
        { externalId: 'batch-b', content: '   ' },
        { externalId: 'batch-c', content: 'Metadata must be an object.', metadata: [1, 2] },
        { externalId: 'batch-d', content: '<p>Cabin <b>pressure</b> controller</p>', mimeType: 'text/html' },
      ],
    });
    expect(result.errors).toBeUndefined();
    const job = await waitForJob(server.url, result.data!.ingestDocuments.id);
    expect(job).toMatchObject({ status: 'PARTIAL', progress: { total: 4, done: 2, failed: 2 } });
    expect(job.errors).toEqual([
      { file: 'batch-b', code: 'BAD_USER_INPUT', message: 'document content is empty' },
      { file: 'batch-c', code: 'BAD_USER_INPUT', message: 'metadata must be a JSON object' },
    ]);
    expect((await search('hydraulic fluid'))[0]?.chunk.document).toMatchObject({ externalId: 'batch-a', title: 'Hydraulics' });
    expect((await search('cabin pressure'))[0]?.chunk.document.mimeType).toBe('text/html');

    const duplicate = await graphql(server.url, BATCH, { documents: [{ externalId: 'x', content: 'a' }, { externalId: 'x', content: 'b' }] });
    expect(errorCodes(duplicate)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers ingestionJob(id) with null for an unknown job and BAD_USER_INPUT for a malformed id', async () => {
    const unknown = await graphql(server.url, '{ ingestionJob(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(unknown.data).toEqual({ ingestionJob: null });
    expect(errorCodes(await graphql(server.url, '{ ingestionJob(id: "nope") { id } }'))).toEqual(['BAD_USER_INPUT']);
  });

  describe('over graphql-ws', () => {
    let client: Client;
    beforeAll(() => {
      client = createClient({ url: server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    });
    afterAll(async () => {
      await client?.dispose();
    });

    it('follows a job to its end through the ingestionJob subscription', async () => {
      const parts = Array.from({ length: 6 }, (_, index) => ({ name: `live-${index}.md`, bytes: text(`# Live ${index}\n\nStreaming progress report number ${index}.`) }));
      const started = await upload(server.url, 'files', parts);
      const id = started.data!.uploadDocuments.id;
      const events: JobData[] = [];
      const subscription = client.iterate<{ ingestionJob: JobData }>({ query: `subscription Job($id: ID!) { ingestionJob(id: $id) { ${JOB_FIELDS} } }`, variables: { id } });
      for await (const result of subscription) {
        expect(result.errors).toBeUndefined();
        events.push(result.data!.ingestionJob);
      }
      // The stream ends by itself with the finished job; progress never goes backwards on the way.
      expect(events.at(-1)).toMatchObject({ id, status: 'SUCCEEDED', progress: { total: 6, done: 6, failed: 0 } });
      const processed = events.map((event) => event.progress.done + event.progress.failed);
      expect(processed).toEqual([...processed].sort((left, right) => left - right));
      // Each event is a change: no state is sent twice.
      expect(new Set(events.map((event) => JSON.stringify([event.status, event.progress]))).size).toBe(events.length);
    });

    it('answers a subscription to an unknown job with NOT_FOUND', async () => {
      const subscription = client.iterate({ query: 'subscription { ingestionJob(id: "00000000-0000-4000-8000-000000000000") { id } }' });
      const codes: unknown[] = [];
      try {
        for await (const result of subscription) codes.push(...(result.errors ?? []).map((error) => error.extensions?.['code']));
      } catch (errors) {
        codes.push(...(errors as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code));
      }
      expect(codes).toEqual(['NOT_FOUND']);
    });
  });
});

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorruptPdf, makeDocx, makePdf, TINY_PNG } from '../support/document-fixtures.js';

const REPOSITORY = new URL('../..', import.meta.url).pathname;

type Run = { code: number | null; stdout: string; stderr: string };

/**
 * The real CLI (`bin/ragway.js`, what `npx ragway` runs) in a child process against the embedded database in a temp
 * folder. stdout is a pipe here, so the CLI prints one line per file instead of redrawing a progress bar.
 */
function ragway(args: string[], dataDir: string): Promise<Run> {
  const environment: Record<string, string | undefined> = { ...process.env, RAGWAY_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete environment['DATABASE_URL'];
  delete environment['REDIS_URL'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/ragway.js', ...args], { cwd: REPOSITORY, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ragway CLI', () => {
  let root: string;
  let docs: string;
  let dataDir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ragway-cli-'));
    docs = join(root, 'docs');
    dataDir = join(root, 'data');
    await mkdir(join(docs, 'guides'), { recursive: true });
    await mkdir(join(docs, '.git'), { recursive: true });
    await writeFile(join(docs, 'guides', 'setup.md'), '# Setup\n\n## Install\n\nRun the installer and restart the hangar computer.');
    await writeFile(join(docs, 'notes.txt'), 'Tyre pressure is checked before every flight.');
    await writeFile(join(docs, 'manual.pdf'), await makePdf(['Compressor washing restores efficiency.', 'Borescope inspection reveals blade erosion.']));
    await writeFile(join(docs, 'handbook.docx'), await makeDocx([{ heading: 1, text: 'Handbook' }, { text: 'Calibrate the torque sensor every spring.' }]));
    await writeFile(join(docs, 'broken.pdf'), makeCorruptPdf());
    await writeFile(join(docs, 'photo.png'), TINY_PNG); // not an ingestible extension: a folder walk skips it
    await writeFile(join(docs, '.git', 'HEAD.md'), '# hidden');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('ingests a folder, reports each file and a summary, and exits 1 when a file failed', async () => {
    const run = await ragway(['ingest', docs, '--collection', 'kb'], dataDir);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('created collection "kb"');
    expect(lines.slice(1, 6)).toEqual([
      expect.stringMatching(/^\[1\/5\] FAILED +broken\.pdf: BAD_USER_INPUT: file is not a readable PDF/),
      expect.stringMatching(/^\[2\/5\] added +guides\/setup\.md \(1 chunk\)$/),
      expect.stringMatching(/^\[3\/5\] added +handbook\.docx \(1 chunk\)$/),
      expect.stringMatching(/^\[4\/5\] added +manual\.pdf \(2 chunks\)$/),
      expect.stringMatching(/^\[5\/5\] added +notes\.txt \(1 chunk\)$/),
    ]);
    expect(lines[6]).toMatch(/^5 files in \d+\.\d s \(\d+\.\d files\/s\): 4 added, 0 updated, 0 unchanged, 1 failed$/);
    expect(lines.slice(7)).toEqual(['failed:', expect.stringMatching(/^ {2}broken\.pdf: BAD_USER_INPUT: file is not a readable PDF/)]);
    expect(run.code).toBe(1);
  }, 120_000);

  it('skips unchanged files by content hash, updates changed ones, and exits 0 when nothing failed', async () => {
    await rm(join(docs, 'broken.pdf'));
    await writeFile(join(docs, 'guides', 'setup.md'), '# Setup\n\n## Install\n\nRun the new installer, then restart the hangar computer.');
    const run = await ragway(['ingest', docs, '--collection', 'kb'], dataDir);
    expect(run.stdout).toMatch(/\[1\/4\] updated +guides\/setup\.md/);
    expect(run.stdout).toMatch(/\[3\/4\] unchanged manual\.pdf \(2 chunks\)/);
    expect(run.stdout).toMatch(/^4 files in .*: 0 added, 1 updated, 3 unchanged, 0 failed$/m);
    expect(run.code).toBe(0);
  }, 120_000);

  it('searches and answers from the command line', async () => {
    const search = await ragway(['search', 'borescope', 'erosion', '-c', 'kb', '--mode', 'KEYWORD'], dataDir);
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/^1\. \d+\.\d{4} {2}manual\.pdf \(p\. 2\)\n {3}Borescope inspection reveals blade erosion\./);
    const answer = await ragway(['ask', 'how', 'often', 'is', 'the', 'torque', 'sensor', 'calibrated?', '-c', 'kb'], dataDir);
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/\[1\] handbook\.docx: "Calibrate the torque sensor every spring\."/);
  }, 120_000);

  it('exits 2 on bad usage without touching the database', async () => {
    const missing = await ragway(['ingest', join(root, 'nope'), '--collection', 'kb'], dataDir);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such file or directory/) });
    const noCollection = await ragway(['ingest', docs], dataDir);
    expect(noCollection).toMatchObject({ code: 2, stderr: expect.stringMatching(/required option '-c, --collection <name>'/) });
  }, 60_000);
});

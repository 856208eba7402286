import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';

/**
 * The spool holds a job's items on disk until they are ingested: `<spool>/<jobId>/<nnnn>.json` describes an item,
 * `<nnnn>.data` holds an uploaded file's bytes. Paths stored in the job row are relative to the spool, so a worker
 * may mount the shared spool volume anywhere.
 */
const fileItem = z.object({
  kind: z.literal('file'),
  name: z.string(),
  declaredType: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  data: z.string(),
});
const documentItem = z.object({
  kind: z.literal('document'),
  externalId: z.string(),
  content: z.string(),
  title: z.string().nullish(),
  mimeType: z.string().nullish(),
  source: z.string().nullish(),
  metadata: z.unknown().optional(),
});
const spoolItem = z.discriminatedUnion('kind', [fileItem, documentItem]);

export type SpoolItem = z.infer<typeof spoolItem>;
export type FileSpoolItem = z.infer<typeof fileItem>;

export function jobDirectory(spoolDir: string, jobId: string): string {
  return join(spoolDir, jobId);
}

export async function createJobDirectory(spoolDir: string, jobId: string): Promise<void> {
  await mkdir(jobDirectory(spoolDir, jobId), { recursive: true });
}

/** Relative paths of item `index`: its descriptor and, for files, its bytes. */
export function itemPaths(jobId: string, index: number): { descriptor: string; data: string } {
  const stem = String(index).padStart(4, '0');
  return { descriptor: `${jobId}/${stem}.json`, data: `${jobId}/${stem}.data` };
}

/** Resolves a stored relative path, refusing anything that would leave the spool (the row is data, not trust). */
export function spoolPath(spoolDir: string, relative: string): string {
  const root = resolve(spoolDir);
  const path = resolve(root, relative);
  if (!path.startsWith(root + sep)) throw new Error(`spool path ${relative} leaves the spool directory`);
  return path;
}

export async function writeItem(spoolDir: string, relative: string, item: SpoolItem): Promise<void> {
  await writeFile(spoolPath(spoolDir, relative), JSON.stringify(item));
}

export async function readItem(spoolDir: string, relative: string): Promise<SpoolItem> {
  const text = await readFile(spoolPath(spoolDir, relative), 'utf8');
  return spoolItem.parse(JSON.parse(text));
}

export async function removeItem(spoolDir: string, item: SpoolItem | undefined, relative: string): Promise<void> {
  await rm(spoolPath(spoolDir, relative), { force: true });
  if (item?.kind === 'file') await rm(spoolPath(spoolDir, item.data), { force: true });
}

export async function removeJobDirectory(spoolDir: string, jobId: string): Promise<void> {
  await rm(jobDirectory(spoolDir, jobId), { recursive: true, force: true });
}

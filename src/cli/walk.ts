import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';

export type FoundFile = { path: string; externalId: string };

/** What a folder walk picks up; a file named explicitly is always tried, whatever its extension. */
export const INGESTIBLE_EXTENSIONS = new Set(['.pdf', '.docx', '.md', '.markdown', '.txt', '.text', '.html', '.htm']);
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

export class MissingPathError extends Error {
  override name = 'MissingPathError';
}

/**
 * Files under the given paths, sorted, each once. A file found in a folder is identified by its path relative to
 * that folder (`guides/setup.md`), so equal names in different subfolders stay different documents; a file given
 * directly by its name. Hidden entries and node_modules are skipped.
 */
export async function collectFiles(paths: readonly string[]): Promise<FoundFile[]> {
  const found = new Map<string, FoundFile>();
  for (const given of paths) {
    const root = resolve(given);
    const info = await stat(root).catch(() => undefined);
    if (info === undefined) throw new MissingPathError(`no such file or directory: ${given}`);
    if (info.isFile()) {
      found.set(root, { path: root, externalId: basename(root) });
      continue;
    }
    for (const path of await walk(root)) found.set(path, { path, externalId: relative(root, path).split(sep).join('/') });
  }
  return [...found.values()].sort((left, right) => left.externalId.localeCompare(right.externalId) || left.path.localeCompare(right.path));
}

async function walk(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && INGESTIBLE_EXTENSIONS.has(extensionOf(entry.name))) files.push(path);
  }
  return files;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

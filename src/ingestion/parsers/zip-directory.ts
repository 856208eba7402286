import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppError, badInput } from '../../errors.js';

/** One entry of a zip's central directory: what the archive claims, before anything is decompressed. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;
const MAX_ENTRIES = 10_000;

/**
 * Reads the central directory (sizes as declared) without decompressing anything. The end record sits in the last
 * 22 + 65,535 bytes (its comment is at most that long); it is searched backwards from the end.
 */
export function readZipDirectory(bytes: Buffer): ZipEntry[] {
  const endOffset = findEndOfDirectory(bytes);
  const count = bytes.readUInt16LE(endOffset + 10);
  const directoryOffset = bytes.readUInt32LE(endOffset + 16);
  if (count > MAX_ENTRIES) throw badInput(`zip archive lists ${count} entries; at most ${MAX_ENTRIES} are accepted`);
  if (directoryOffset === ZIP64_MARKER) throw badInput('ZIP64 archives are not supported');
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== DIRECTORY_ENTRY) {
      throw badInput('zip archive is corrupt: its central directory is truncated or malformed');
    }
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const entry = {
      name: bytes.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: bytes.readUInt16LE(offset + 10),
      compressedSize: bytes.readUInt32LE(offset + 20),
      uncompressedSize: bytes.readUInt32LE(offset + 24),
      localHeaderOffset: bytes.readUInt32LE(offset + 42),
    };
    if (entry.compressedSize === ZIP64_MARKER || entry.uncompressedSize === ZIP64_MARKER) {
      throw badInput('ZIP64 archives are not supported');
    }
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfDirectory(bytes: Buffer): number {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let offset = bytes.length - 22; offset >= earliest; offset -= 1) {
    if (bytes.readUInt32LE(offset) === END_OF_DIRECTORY) return offset;
  }
  throw badInput('zip archive is corrupt: no end of central directory record');
}

/** Refuses an archive whose declared total size exceeds the limit (the classic zip bomb declares it honestly). */
export function assertDeclaredSize(entries: readonly ZipEntry[], maxBytes: number, label: string): void {
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `${label} expands to ${declared} bytes, over the ${maxBytes}-byte limit (a zip bomb?)`, {
      details: { declared, maxBytes },
    });
  }
}

/**
 * Inflates every entry, discarding the output, and fails as soon as one produces more than it declared: a crafted
 * archive can understate its sizes, and the library that reads it afterwards would trust them. Memory stays at
 * zlib's window and one output chunk.
 */
export async function assertActualSizes(bytes: Buffer, entries: readonly ZipEntry[], label: string): Promise<void> {
  for (const entry of entries) {
    const data = entryData(bytes, entry);
    if (entry.method === 0) continue;
    if (entry.method !== 8) throw badInput(`${label} uses zip compression method ${entry.method}; only deflate is supported`);
    let produced = 0;
    const inflater = Readable.from([data]).pipe(createInflateRaw());
    try {
      for await (const chunk of inflater) {
        produced += (chunk as Buffer).length;
        if (produced > entry.uncompressedSize) {
          throw new AppError('PAYLOAD_TOO_LARGE', `${label}: entry ${entry.name} inflates past its declared ${entry.uncompressedSize} bytes (a zip bomb?)`);
        }
      }
    } catch (error) {
      inflater.destroy();
      if (error instanceof AppError) throw error;
      throw badInput(`${label} is corrupt: entry ${entry.name} does not decompress`);
    }
  }
}

function entryData(bytes: Buffer, entry: ZipEntry): Buffer {
  const offset = entry.localHeaderOffset;
  if (offset + 30 > bytes.length || bytes.readUInt32LE(offset) !== LOCAL_HEADER) {
    throw badInput(`zip archive is corrupt: entry ${entry.name} has no local header`);
  }
  const start = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw badInput(`zip archive is corrupt: entry ${entry.name} is truncated`);
  return bytes.subarray(start, end);
}

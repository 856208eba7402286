import { fileTypeFromBuffer } from 'file-type';
import { badInput } from '../../errors.js';
import { detectMimeType, SUPPORTED_MIME_TYPES, type MimeType } from '../parse.js';
import { DOCX_MIME_TYPE, isDocxDirectory } from './docx.js';
import { readZipDirectory } from './zip-directory.js';

export const PDF_MIME_TYPE = 'application/pdf';

/** What a file is, decided from its bytes first and its name or declared type second. */
export type FileFormat = { kind: 'pdf' } | { kind: 'docx' } | { kind: 'text'; mimeType: MimeType; encoding: TextEncoding };
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const SUPPORTED = `supported: PDF, DOCX, ${SUPPORTED_MIME_TYPES.join(', ')}`;
/** Like git, call content binary when its first 8 KiB hold a NUL byte. */
const BINARY_PROBE_BYTES = 8192;

/**
 * Content wins over names: a PDF named `.txt` is read as a PDF, a PNG named `.txt` is refused as an image. A name or
 * type that promises PDF or DOCX but content that is neither is refused rather than read as text.
 */
export async function detectFormat({ bytes, name, declared }: { bytes: Buffer; name?: string; declared?: string }): Promise<FileFormat> {
  if (bytes.length === 0) throw badInput('file is empty');
  if (bytes.subarray(0, 1024).includes('%PDF-')) return { kind: 'pdf' };
  if (bytes.readUInt32LE(0) === 0x04034b50 && bytes.length >= 30) {
    if (isDocxDirectory(readZipDirectory(bytes))) return { kind: 'docx' };
    throw badInput(`file is a zip archive but not a DOCX document (it has no word/document.xml); ${SUPPORTED}`);
  }
  const claimed = claimedType(name, declared);
  if (claimed === 'pdf' || claimed === 'docx') {
    throw badInput(`file is ${name === undefined ? 'declared' : `named ${name}`} as ${claimed.toUpperCase()} but its content is not a ${claimed.toUpperCase()}`);
  }
  const encoding = byteOrderMark(bytes);
  if (encoding === 'utf-8') await assertNotBinary(bytes);
  return { kind: 'text', mimeType: claimed ?? (looksLikeHtml(bytes) ? 'text/html' : 'text/plain'), encoding };
}

async function assertNotBinary(bytes: Buffer): Promise<void> {
  const head = bytes.subarray(0, BINARY_PROBE_BYTES);
  // Only the head goes to file-type, so no container format it knows can make it decompress anything large.
  const sniffed = await fileTypeFromBuffer(head);
  if (sniffed !== undefined && sniffed.mime !== 'application/xml') {
    throw badInput(`file content is ${sniffed.mime} (.${sniffed.ext}), not a document ragway can read; ${SUPPORTED}`);
  }
  if (head.includes(0)) throw badInput(`file content is binary (it contains NUL bytes), not text; ${SUPPORTED}`);
}

function claimedType(name: string | undefined, declared: string | undefined): 'pdf' | 'docx' | MimeType | undefined {
  const extension = name?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase();
  const essence = declared?.split(';')[0]?.trim().toLowerCase();
  if (extension === 'pdf' || essence === PDF_MIME_TYPE) return 'pdf';
  if (extension === 'docx' || essence === DOCX_MIME_TYPE) return 'docx';
  try {
    return detectMimeType(name, declared);
  } catch {
    return undefined; // an unknown extension on text content: read it as plain text (or HTML, by its look)
  }
}

function byteOrderMark(bytes: Buffer): TextEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function looksLikeHtml(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString('utf8').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** Strict decoding: invalid UTF-8 is refused with the offset of the first bad byte, never replaced with U+FFFD. */
export function decodeText(bytes: Buffer, encoding: TextEncoding): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const offset = encoding === 'utf-8' ? firstInvalidUtf8Offset(bytes) : undefined;
    const where = offset === undefined ? '' : ` (byte 0x${bytes[offset]?.toString(16).padStart(2, '0')} at offset ${offset})`;
    throw badInput(`file is not valid ${encoding.toUpperCase()} text${where}; save it as UTF-8 and upload it again`);
  }
}

/** Offset of the first sequence that is not well-formed UTF-8 (RFC 3629, Table 3-7), or undefined when all are. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    const [low, high] = secondByteRange(lead);
    for (let position = 1; position < length; position += 1) {
      const byte = bytes[index + position];
      const [min, max] = position === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return undefined;
}

/** Excludes overlong forms (E0, F0), UTF-16 surrogates (ED) and code points past U+10FFFF (F4). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

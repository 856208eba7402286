import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { ingestDocument, ingestSource, sha256, type IngestOutcome } from './ingest.js';
import { parseDocument, parsePages, type ParsedDocument } from './parse.js';
import { decodeText, detectFormat, PDF_MIME_TYPE } from './parsers/detect-format.js';
import { DOCX_MIME_TYPE, extractDocxHtml } from './parsers/docx.js';
import { extractPdfText } from './parsers/pdf.js';

export type IngestFileInput = {
  tenantId: string;
  collection: string;
  externalId: string;
  /** The file's own name: its extension is a hint, the content decides. */
  name: string;
  bytes: Buffer;
  /** The content type the client declared, if any. */
  declaredType?: string | undefined;
  title?: string | null | undefined;
  source?: string | null | undefined;
  metadata?: unknown;
};

/**
 * One file → one document, through the same single-transaction write as `ingestDocument`. Text formats go through
 * `ingestDocument` itself (so a file and the same text sent inline hash alike); PDF and DOCX are hashed on their
 * bytes, so an unchanged file is recognised before it is parsed again.
 */
export async function ingestFile(deps: AppDeps, input: IngestFileInput): Promise<IngestOutcome> {
  const { bytes, name, declaredType, ...document } = input;
  assertFileSize(bytes.length, deps.config.uploads.maxFileBytes);
  const format = await detectFormat({ bytes, name, ...(declaredType === undefined ? {} : { declared: declaredType }) });
  const limits = { maxTextBytes: deps.config.limits.maxDocumentBytes, maxUncompressedBytes: deps.config.uploads.maxUncompressedBytes };
  switch (format.kind) {
    case 'text':
      // Decoding first would build a string as large as the file just to refuse it.
      if (bytes.length > limits.maxTextBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', `text file is ${bytes.length} bytes; the document limit is ${limits.maxTextBytes} bytes`);
      }
      return ingestDocument(deps, { ...document, content: decodeText(bytes, format.encoding), mimeType: format.mimeType });
    case 'pdf':
      return ingestSource(deps, {
        ...document,
        mimeType: PDF_MIME_TYPE,
        contentHash: binaryHash(PDF_MIME_TYPE, input.title, bytes),
        parse: async () => {
          const { pages, title } = await extractPdfText(bytes, limits);
          return parsePages(pages, title);
        },
      });
    case 'docx':
      return ingestSource(deps, {
        ...document,
        mimeType: DOCX_MIME_TYPE,
        contentHash: binaryHash(DOCX_MIME_TYPE, input.title, bytes),
        parse: async () => capText(parseDocument({ content: await extractDocxHtml(bytes, limits), mimeType: 'text/html' }), limits.maxTextBytes),
      });
    default: {
      const unreachable: never = format;
      throw new Error(`unhandled file format ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Reads a file of at most `maxBytes` (checked before reading, so an oversized file costs no memory) and ingests it. */
export async function ingestFileAt(deps: AppDeps, input: Omit<IngestFileInput, 'bytes'> & { path: string }): Promise<IngestOutcome> {
  const { path, ...rest } = input;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    assertFileSize(size, deps.config.uploads.maxFileBytes);
    return await ingestFile(deps, { ...rest, bytes: await handle.readFile() });
  } finally {
    await handle.close();
  }
}

function assertFileSize(bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `file is ${bytes} bytes; the per-file limit is ${maxBytes} bytes`, { details: { bytes, maxBytes } });
  }
}

function binaryHash(mimeType: string, title: string | null | undefined, bytes: Buffer): string {
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  return sha256(JSON.stringify([mimeType, title ?? null, `sha256:${fileHash}`]));
}

function capText(parsed: ParsedDocument, maxBytes: number): ParsedDocument {
  const bytes = Buffer.byteLength(parsed.text, 'utf8');
  if (bytes > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `document text is ${bytes} bytes; the limit is ${maxBytes} bytes`);
  return parsed;
}

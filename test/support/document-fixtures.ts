import { Readable } from 'node:stream';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';
import yazl from 'yazl';

/** Documents generated in the test, never downloaded: real PDFs (pdf-lib), DOCX (docx) and crafted zips (yazl). */

export async function makePdf(pages: string[], { title }: { title?: string } = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  if (title !== undefined) document.setTitle(title);
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = document.addPage([500, 700]);
    text.split('\n').forEach((line, index) => page.drawText(line, { x: 40, y: 650 - index * 16, size: 11, font }));
  }
  return Buffer.from(await document.save());
}

export async function makeEmptyPdf(): Promise<Buffer> {
  return Buffer.from(await (await PDFDocument.create()).save());
}

/** One page showing a PNG and nothing else: what a scanner produces without OCR. */
export async function makeImageOnlyPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const image = await document.embedPng(TINY_PNG);
  document.addPage([300, 300]).drawImage(image, { x: 10, y: 10, width: 280, height: 280 });
  return Buffer.from(await document.save());
}

/**
 * A PDF whose trailer names a standard security handler with a user password: readers must ask for the password.
 * (The O and U entries are arbitrary, so no password opens it, which is all a reader can tell without one.)
 */
export async function makeEncryptedPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage().drawText('confidential', { x: 40, y: 600, size: 12, font });
  const { context } = document;
  const encrypt = context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('4f'.repeat(32)), U: PDFHexString.of('55'.repeat(32)), P: -4 });
  context.trailerInfo.Encrypt = context.register(encrypt);
  context.trailerInfo.ID = context.obj([PDFHexString.of('ab'.repeat(16)), PDFHexString.of('ab'.repeat(16))]);
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

export function makeCorruptPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(2000, 0x5a), Buffer.from('\n%%EOF\n')]);
}

export async function makeDocx(blocks: { heading?: 1 | 2; text: string }[]): Promise<Buffer> {
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2 } as const;
  const children = blocks.map((block) => new Paragraph(block.heading === undefined ? { text: block.text } : { text: block.text, heading: levels[block.heading] }));
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** A DOCX-shaped zip whose word/document.xml inflates to `bytes` zeros, honestly declared in the central directory. */
export async function makeZipBombDocx(bytes: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml');
  zip.addReadStream(zeros(bytes), 'word/document.xml');
  zip.end();
  return collect(zip.outputStream);
}

/**
 * A DOCX-shaped zip that lies: word/document.xml inflates to `bytes` but both headers declare 1 KiB, so a size
 * check of the directory alone passes it.
 */
export async function makeLyingZipDocx(bytes: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml');
  zip.addReadStream(zeros(bytes), 'word/document.xml');
  zip.end();
  const archive = await collect(zip.outputStream);
  patchDeclaredSize(archive, 'word/document.xml', 1024);
  return archive;
}

function patchDeclaredSize(archive: Buffer, name: string, size: number): void {
  for (let offset = 0; offset + 46 < archive.length; offset += 1) {
    const signature = archive.readUInt32LE(offset);
    if (signature === 0x02014b50 && archive.toString('utf8', offset + 46, offset + 46 + archive.readUInt16LE(offset + 28)) === name) {
      archive.writeUInt32LE(size, offset + 24);
      archive.writeUInt32LE(size, archive.readUInt32LE(offset + 42) + 22);
    }
  }
}

function zeros(total: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = total;
  return new Readable({
    read() {
      const size = Math.min(left, chunk.length);
      left -= size;
      this.push(size === 0 ? null : chunk.subarray(0, size));
    },
  });
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

/** A valid 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** "Hello " then 0xC3 0x28 (a two-byte lead followed by a non-continuation byte) then " world". */
export const INVALID_UTF8 = Buffer.concat([Buffer.from('Hello '), Buffer.from([0xc3, 0x28]), Buffer.from(' world, this is not UTF-8')]);

import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { decodeText, detectFormat, firstInvalidUtf8Offset } from '../../src/ingestion/parsers/detect-format.js';
import { extractDocxHtml } from '../../src/ingestion/parsers/docx.js';
import { extractPdfText } from '../../src/ingestion/parsers/pdf.js';
import { readZipDirectory } from '../../src/ingestion/parsers/zip-directory.js';
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

const LIMITS = { maxTextBytes: 1024 * 1024, maxUncompressedBytes: 16 * 1024 * 1024 };

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('detectFormat', () => {
  it('trusts content over names', async () => {
    const pdf = await makePdf(['hello']);
    expect(await detectFormat({ bytes: pdf, name: 'notes.txt' })).toEqual({ kind: 'pdf' });
    expect(await detectFormat({ bytes: await makeDocx([{ text: 'hi' }]), name: 'upload.bin' })).toEqual({ kind: 'docx' });
    expect(await detectFormat({ bytes: Buffer.from('<!DOCTYPE html><html><p>x</p></html>'), name: 'page' })).toMatchObject({ mimeType: 'text/html' });
    expect(await detectFormat({ bytes: Buffer.from('# Title'), name: 'readme.md', declared: 'application/octet-stream' })).toMatchObject({ mimeType: 'text/markdown' });
    expect(await detectFormat({ bytes: Buffer.from('a,b\n1,2'), name: 'data.csv' })).toMatchObject({ mimeType: 'text/plain', encoding: 'utf-8' });
    expect(await detectFormat({ bytes: Buffer.from('\uFEFFhi', 'utf16le').subarray(0), name: 'wide.txt' })).toMatchObject({ encoding: 'utf-16le' });
  });

  it('refuses binaries, empty files and content that contradicts a PDF or DOCX name', async () => {
    expect(await rejection(detectFormat({ bytes: TINY_PNG, name: 'photo.txt' }))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/image\/png/) });
    expect(await rejection(detectFormat({ bytes: Buffer.from([1, 2, 0, 3, 4]), name: 'blob.txt' }))).toMatchObject({ message: expect.stringMatching(/binary \(it contains NUL bytes\)/) });
    expect(await rejection(detectFormat({ bytes: Buffer.alloc(0), name: 'empty.txt' }))).toMatchObject({ message: 'file is empty' });
    expect(await rejection(detectFormat({ bytes: Buffer.from('just text'), name: 'report.pdf' }))).toMatchObject({ message: expect.stringMatching(/named report\.pdf as PDF but its content is not a PDF/) });
    const zipOnly = await makeZipBombDocx(10);
    for (let at = zipOnly.indexOf('word/document.xml'); at >= 0; at = zipOnly.indexOf('word/document.xml', at)) zipOnly.write('word/documenX.xml', at);
    expect(await rejection(detectFormat({ bytes: zipOnly, name: 'a.docx' }))).toMatchObject({ message: expect.stringMatching(/zip archive but not a DOCX/) });
  });
});

describe('text decoding', () => {
  it('names the offset of the first invalid UTF-8 sequence', () => {
    expect(() => decodeText(INVALID_UTF8, 'utf-8')).toThrow(/not valid UTF-8 text \(byte 0xc3 at offset 6\)/);
    expect(decodeText(Buffer.from('héllo wörld'), 'utf-8')).toBe('héllo wörld');
  });

  it('finds overlong forms, surrogates, out-of-range and truncated sequences', () => {
    expect(firstInvalidUtf8Offset(Buffer.from('ok ✓ 😀'))).toBeUndefined();
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, 0xe0, 0x80, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, 0x42, 0xf5, 0x80, 0x80, 0x80]))).toBe(2);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, 0xe2, 0x9c]))).toBe(1);
  });
});

describe('PDF text', () => {
  it('extracts the text of every page with its number, and the title', async () => {
    const pdf = await makePdf(['Compressor stall margins\nsecond line', '', 'Turbine inlet temperature'], { title: 'Engine notes' });
    const { pages, title } = await extractPdfText(pdf, LIMITS);
    expect(title).toBe('Engine notes');
    expect(pages.map((page) => page.page)).toEqual([1, 2, 3]);
    expect(pages[0]?.text).toContain('Compressor stall margins\nsecond line');
    expect(pages[1]?.text.trim()).toBe('');
    expect(pages[2]?.text).toContain('Turbine inlet temperature');
  });

  it('says why a PDF cannot be read', async () => {
    expect(await rejection(extractPdfText(await makeEncryptedPdf(), LIMITS))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/encrypted/) });
    expect(await rejection(extractPdfText(makeCorruptPdf(), LIMITS))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/not a readable PDF/) });
    expect(await rejection(extractPdfText(await makeEmptyPdf(), LIMITS))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/no pages, or only blank ones/) });
    expect(await rejection(extractPdfText(await makeImageOnlyPdf(), LIMITS))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/no text layer.*OCR/) });
  });

  it('stops once the text passes the document limit', async () => {
    const pdf = await makePdf(Array.from({ length: 5 }, (_, index) => `page ${index} `.repeat(20)));
    expect(await rejection(extractPdfText(pdf, { maxTextBytes: 300 }))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/passes the 300-byte document limit at page [2-4] of 5/) });
  });
});

describe('DOCX', () => {
  it('converts headings and paragraphs to HTML', async () => {
    const docx = await makeDocx([{ heading: 1, text: 'Handbook' }, { heading: 2, text: 'Setup' }, { text: 'Calibrate the controller.' }]);
    expect(await extractDocxHtml(docx, LIMITS)).toBe('<h1>Handbook</h1><h2>Setup</h2><p>Calibrate the controller.</p>');
  });

  it('refuses zip bombs, declared or lying, without inflating them into memory', async () => {
    const declared = await makeZipBombDocx(32 * 1024 * 1024);
    expect(readZipDirectory(declared).find((entry) => entry.name === 'word/document.xml')?.uncompressedSize).toBe(32 * 1024 * 1024);
    expect(await rejection(extractDocxHtml(declared, LIMITS))).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/DOCX expands to \d+ bytes, over the 16777216-byte limit/) });
    const lying = await makeLyingZipDocx(128 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    expect(await rejection(extractDocxHtml(lying, LIMITS))).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/word\/document\.xml inflates past its declared 1024 bytes/) });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a truncated archive', async () => {
    const docx = await makeDocx([{ text: 'hello' }]);
    expect(await rejection(extractDocxHtml(docx.subarray(0, docx.length - 30), LIMITS))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/zip archive is corrupt/) });
  });
});

import mammoth from 'mammoth';
import { AppError, badInput } from '../../errors.js';
import { assertActualSizes, assertDeclaredSize, readZipDirectory, type ZipEntry } from './zip-directory.js';

export const DOCX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Word's main part; an archive without it is some other zip (xlsx, pptx, a plain archive). */
export function isDocxDirectory(entries: readonly ZipEntry[]): boolean {
  return entries.some((entry) => entry.name === 'word/document.xml');
}

/**
 * DOCX → HTML (headings stay headings, so the heading path survives), images dropped. The zip is checked before
 * mammoth sees it: declared sizes against `maxUncompressedBytes`, then every entry inflated with a hard stop at its
 * declared size, because mammoth would otherwise inflate whatever the archive holds into memory.
 */
export async function extractDocxHtml(bytes: Buffer, { maxUncompressedBytes }: { maxUncompressedBytes: number }): Promise<string> {
  const entries = readZipDirectory(bytes);
  if (!isDocxDirectory(entries)) throw badInput('file is a zip archive but not a DOCX document (it has no word/document.xml)');
  assertDeclaredSize(entries, maxUncompressedBytes, 'DOCX');
  await assertActualSizes(bytes, entries, 'DOCX');
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
    );
    return result.value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('BAD_USER_INPUT', `DOCX could not be read: ${message}`, { cause: error });
  }
}

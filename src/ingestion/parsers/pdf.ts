import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError, badInput } from '../../errors.js';

export interface PdfText {
  pages: { page: number; text: string }[];
  title: string | undefined;
}

type PdfJs = typeof PdfJsModule;
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js takes a second or two to load; only processes that meet a PDF pay for it. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/**
 * The text layer of every page, in order (pdf.js legacy build; in Node it parses on the calling thread, no worker).
 * Stops with PAYLOAD_TOO_LARGE once the text passes `maxTextBytes`, so a huge PDF cannot fill memory with strings.
 * Encrypted, unreadable, empty and image-only PDFs are refused with a message saying which.
 */
export async function extractPdfText(bytes: Uint8Array, { maxTextBytes }: { maxTextBytes: number }): Promise<PdfText> {
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  const task = getDocument({
    // pdf.js refuses Buffers and may take over the memory it is given: hand it a copy of its own.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const document = await task.promise.catch((error: unknown) => {
      throw explainLoadError(error);
    });
    const pages: PdfText['pages'] = [];
    let textBytes = 0;
    for (let number = 1; number <= document.numPages; number += 1) {
      const text = await pageText(await document.getPage(number));
      textBytes += Buffer.byteLength(text, 'utf8');
      if (textBytes > maxTextBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', `PDF text passes the ${maxTextBytes}-byte document limit at page ${number} of ${document.numPages}`);
      }
      pages.push({ page: number, text });
    }
    if (pages.every((page) => page.text.trim() === '')) throw await explainMissingText(document);
    return { pages, title: await documentTitle(document) };
  } catch (error) {
    // pdf.js reports a damaged page or stream with plain Errors: the file is at fault, not the server.
    if (error instanceof AppError) throw error;
    throw new AppError('BAD_USER_INPUT', `PDF could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await task.destroy();
  }
}

async function pageText(page: PdfPage): Promise<string> {
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str + (item.hasEOL ? '\n' : '');
  }
  page.cleanup();
  return text;
}

function explainLoadError(error: unknown): AppError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return badInput('PDF is encrypted (password-protected); remove the password and upload it again');
  }
  return new AppError('BAD_USER_INPUT', `file is not a readable PDF: ${message}`, { cause: error });
}

/** A document without any drawing operations has no pages (or blank ones); one with drawings but no text is scanned. */
async function explainMissingText(document: PdfDocument): Promise<AppError> {
  for (let number = 1; number <= Math.min(document.numPages, 5); number += 1) {
    const operators = await (await document.getPage(number)).getOperatorList();
    if (operators.fnArray.length > 0) {
      return badInput(
        `PDF has no text layer on any of its ${document.numPages} page(s): they hold only images or drawings ` +
          '(a scanned document needs OCR before it can be ingested)',
      );
    }
  }
  return badInput('PDF has no content: it has no pages, or only blank ones');
}

async function documentTitle(document: PdfDocument): Promise<string | undefined> {
  const { info } = await document.getMetadata().catch(() => ({ info: undefined }));
  const title = typeof info === 'object' && info !== null && 'Title' in info ? info.Title : undefined;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
}

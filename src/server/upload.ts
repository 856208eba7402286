import type { RequestHandler, Response } from 'express';
import graphqlUploadExpress from 'graphql-upload/graphqlUploadExpress.mjs';
import type { AppDeps } from '../deps.js';
import type { ErrorCode } from '../errors.js';

/** Apollo's CSRF prevention accepts a multipart request only with one of these headers (a browser form cannot set them). */
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];
/** The `operations` and `map` fields of a multipart request; the files themselves have their own limits. */
const MAX_FIELD_BYTES = 1024 * 1024;

/**
 * GraphQL multipart requests (uploads) → `request.body` with Upload values, before Apollo's middleware. graphql-upload
 * buffers each file to a temporary file on disk (fs-capacitor), never in memory; the resolver then moves it to the
 * spool. Refused before any byte is stored: requests without a CSRF-preflight header, and requests whose declared
 * length passes MAX_UPLOAD_REQUEST_BYTES. graphql-upload's own errors (too many files, a malformed request) are
 * answered in GraphQL's shape with a documented code.
 */
export function uploadMiddleware(deps: AppDeps): RequestHandler {
  const { maxFileBytes, maxFiles, maxRequestBytes } = deps.config.uploads;
  const processUploads = graphqlUploadExpress({ maxFieldSize: MAX_FIELD_BYTES, maxFileSize: maxFileBytes, maxFiles });
  return (request, response, next) => {
    if (!request.is('multipart/form-data')) return next();
    if (!PREFLIGHT_HEADERS.some((name) => (request.headers[name] ?? '') !== '')) {
      return sendError(response, 400, 'BAD_USER_INPUT', 'multipart requests need the header `apollo-require-preflight: true` (CSRF prevention)');
    }
    const declared = Number(request.headers['content-length']);
    if (declared > maxRequestBytes) {
      response.set('connection', 'close');
      return sendError(response, 413, 'PAYLOAD_TOO_LARGE', `the request is ${declared} bytes; the upload limit is ${maxRequestBytes} bytes per request`);
    }
    processUploads(request, response, (error?: unknown) => {
      if (error === undefined) return next();
      const { status, message } = error as { status?: number; message?: string };
      if (status === 413) return sendError(response, 413, 'PAYLOAD_TOO_LARGE', message ?? 'upload too large');
      if (status !== undefined && status >= 400 && status < 500) return sendError(response, 400, 'BAD_USER_INPUT', message ?? 'malformed upload');
      next(error);
    });
  };
}

function sendError(response: Response, status: number, code: ErrorCode, message: string): void {
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
}

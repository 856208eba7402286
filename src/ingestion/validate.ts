import { AppError, badInput } from '../errors.js';

/** Checks of meaning the SDL cannot express; the SDL already typed the arguments. */

const MAX_METADATA_BYTES = 64 * 1024;

export function validateExternalId(externalId: string): void {
  if (externalId.trim() === '' || externalId.length > 512) throw badInput('externalId must be 1-512 characters');
}

export function validateTitle(title: string | null | undefined): void {
  if (title !== null && title !== undefined && title.length > 1000) throw badInput('title must be at most 1000 characters');
}

export function validateContentSize(content: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `document content is ${bytes} bytes; the limit is ${maxBytes} bytes`, {
      details: { bytes, maxBytes },
    });
  }
}

/** Metadata must be a JSON object (it is matched with `@>` containment), not an array, scalar or null. */
export function validateMetadata(metadata: unknown): Record<string, unknown> {
  if (metadata === undefined || metadata === null) return {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw badInput('metadata must be a JSON object');
  const json = JSON.stringify(metadata);
  const size = Buffer.byteLength(json, 'utf8');
  if (size > MAX_METADATA_BYTES) throw badInput(`metadata is ${size} bytes; the limit is ${MAX_METADATA_BYTES}`);
  // A fresh plain copy: GraphQL literals arrive as prototype-less objects, which drizzle's value checks cannot inspect.
  return JSON.parse(json) as Record<string, unknown>;
}

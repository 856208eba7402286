import { createHash } from 'node:crypto';
import { badInput } from '../errors.js';

/**
 * Opaque page cursors over a fused result list. A cursor is bound to the query's parameters and the collection
 * version it was made at: after a write the list may differ, so an old cursor is refused rather than silently
 * skipping or repeating hits.
 */
type CursorPayload = { o: number; v: number; k: string };

export function encodeCursor({ offset, version, key }: { offset: number; version: number; key: unknown }): string {
  const payload: CursorPayload = { o: offset, v: version, k: fingerprint(key) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor: string, { version, key }: { version: number; key: unknown }): number {
  const payload = parse(cursor);
  if (payload.k !== fingerprint(key)) throw badInput('cursor belongs to a different query; start again without `after`');
  if (payload.v !== version) throw badInput('cursor is stale: the collection changed since it was issued; start again without `after`');
  return payload.o;
}

function parse(cursor: string): CursorPayload {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 'o' in value && 'v' in value && 'k' in value) {
      const { o, v, k } = value;
      if (Number.isInteger(o) && (o as number) >= 0 && typeof v === 'number' && typeof k === 'string') return { o: o as number, v, k };
    }
  } catch {
    // fall through: any undecodable cursor is the same user error
  }
  throw badInput('cursor is not valid');
}

function fingerprint(key: unknown): string {
  return createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 16);
}

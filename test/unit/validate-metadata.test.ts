import { describe, expect, it } from 'vitest';
import { validateMetadata } from '../../src/ingestion/validate.js';

describe('validateMetadata', () => {
  it('returns a plain copy of a prototype-less object, as GraphQL literals arrive', () => {
    const literal = Object.assign(Object.create(null) as Record<string, unknown>, { lang: 'en', nested: Object.assign(Object.create(null) as object, { team: 'search' }) });
    const metadata = validateMetadata(literal);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(metadata['nested'])).toBe(Object.prototype);
    expect(metadata).toEqual({ lang: 'en', nested: { team: 'search' } });
  });

  it('rejects what is not an object', () => {
    expect(() => validateMetadata([1])).toThrow(/JSON object/);
    expect(validateMetadata(null)).toEqual({});
  });
});

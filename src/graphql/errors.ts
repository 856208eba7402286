import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ERROR_CODES, isAppError, type ErrorCode } from '../errors.js';

/** Codes GraphQL itself or Apollo raise before a resolver runs (bad syntax, unknown field, bad variable). */
const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND']);

/**
 * The one place errors become `extensions.code`. AppErrors keep their code and message; GraphQL's own request
 * errors become BAD_USER_INPUT; anything else is masked as INTERNAL_SERVER_ERROR and logged with its cause.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isAppError(original)) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.details ?? {}) } };
    }
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && APOLLO_INPUT_CODES.has(code)) {
      return { ...formatted, extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode } };
    }
    if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) && code !== 'INTERNAL_SERVER_ERROR') {
      return { ...formatted, extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving a request');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode },
    };
  };
}

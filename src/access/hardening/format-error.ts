import type { GraphQLFormattedError } from 'graphql';

/**
 * Errors reveal nothing the caller may not see: no stack traces, no SQL, no internal messages (a
 * database error can quote a value); outside development, no "Did you mean …" field suggestions
 * that would map a schema whose introspection is off.
 */
export function formatError(development: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code =
      typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR';
    // Errors raised on purpose carry a code (ours: access.exception.ts); anything that escaped
    // unplanned is INTERNAL_SERVER_ERROR and its message is not repeated.
    if (code === 'INTERNAL_SERVER_ERROR') {
      return {
        message: 'internal error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
        ...(formatted.path ? { path: formatted.path } : {}),
      };
    }
    const message = development ? formatted.message : formatted.message.replace(/\s*Did you mean .*$/s, '');
    return {
      message,
      extensions: { code },
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
    };
  };
}

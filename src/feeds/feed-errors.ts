/**
 * A whole file refused before any row is loaded (unknown or missing column, unreadable mapping,
 * empty file). The message names the column or setting at fault; it never carries row contents.
 */
export class FileRefusedError extends Error {
  override readonly name = 'FileRefusedError';
}

/** A load that must not commit (its counts do not add up). The message holds counts only. */
export class LoadInvariantError extends Error {
  override readonly name = 'LoadInvariantError';
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
/** Schema object names (constraint, table, column) and error codes: never row values. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * What a failed load may record (feed_load.error, served over GraphQL) and log. Our own domain
 * errors carry messages written never to hold values; anything else is described by its class:
 * for PostgreSQL the SQLSTATE and the constraint, table and column it names, never the message,
 * detail or hint, which can quote the offending row (`invalid input syntax for type date: "…"`,
 * `Key (nhs_number)=(…) already exists`).
 */
export function safeLoadError(error: unknown): string {
  if (error instanceof FileRefusedError || error instanceof LoadInvariantError) return error.message;
  if (typeof error !== 'object' || error === null) return 'unexpected error';
  const fields = error as Record<string, unknown>;
  const name = identifier(fields.name) ?? 'Error';
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  if (code !== undefined && SQLSTATE.test(code) && typeof fields.severity === 'string') {
    const parts = [`database error SQLSTATE ${code}`];
    for (const key of ['constraint', 'table', 'column'] as const) {
      const value = identifier(fields[key]);
      if (value) parts.push(`${key} ${value}`);
    }
    return parts.join(', ');
  }
  const system = identifier(code);
  return system ? `unexpected error (${name} ${system})` : `unexpected error (${name})`;
}

function identifier(value: unknown): string | undefined {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : undefined;
}

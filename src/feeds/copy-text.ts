/** PostgreSQL COPY text format and array literals, for streaming rows into the staging table. */

export type CopyValue = string | number | null;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  const text = String(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A text[] literal: {"a","b",NULL}; null for no array. */
export function arrayLiteral(values: ReadonlyArray<string | null> | null): string | null {
  if (values === null) return null;
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

/** One COPY line (with its newline). */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + copyField(values[i] ?? null);
  return `${line}\n`;
}

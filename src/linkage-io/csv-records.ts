import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RecordSource } from '../linkage';

/**
 * Reads a CSV file (header row; UTF-8, BOM tolerated) as a columnar record source. Headers and
 * values are trimmed because exports often pad them (FEBRL files use ", " between values).
 */
export function readCsvRecords(path: string, name = basename(path)): RecordSource {
  const rows: string[][] = parse(readFileSync(path), { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true });
  const [header, ...body] = rows;
  if (!header) throw new Error(`${name}: empty file`);
  const columns: Record<string, string[]> = {};
  header.forEach((column, c) => {
    columns[column] = body.map((row) => row[c] ?? '');
  });
  return { name, columns, length: body.length };
}

/** A CSV field, quoted when it holds a comma, quote or newline. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeCsv(path: string, header: readonly string[], rows: Iterable<ReadonlyArray<string | number>>): number {
  const lines = [header.map(csvField).join(',')];
  let count = 0;
  for (const row of rows) {
    lines.push(row.map(csvField).join(','));
    count++;
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return count;
}

import type { FeedMapping } from '../feed-mapping';
import { normaliseHeader } from '../feed-mapping';
import { FileRefusedError } from '../feed-errors';
import type { FeedSchema } from '../schema';
import { splitCsvFields } from './csv-fields';
import { capRaw, decodeRow, isBlank, withoutCr, type FeedRow, type ReadLimits } from './feed-row';
import { RecordScanner, type ScannedRecord } from './record-scanner';
import { resolveColumns, type ResolvedColumns } from './resolve-columns';

/** What the header said: resolved canonical columns, and the file's data rows to follow. */
export interface CsvHeader {
  columns: ResolvedColumns;
}

/**
 * Reads a CSV feed file as a stream of rows under canonical column names. The header row is
 * checked against the mapping first: an unknown or missing required column refuses the file
 * (FileRefusedError naming the columns). Blank lines are not rows and are not counted.
 */
export async function* readCsvRows(
  input: AsyncIterable<Buffer>,
  schema: FeedSchema,
  mapping: FeedMapping,
  limits: ReadLimits,
  onHeader?: (header: CsvHeader) => void,
): AsyncGenerator<FeedRow> {
  const scanner = new RecordScanner(true, limits.maxRowBytes);
  let columns: ResolvedColumns | null = null;

  function* drain(): Generator<FeedRow> {
    for (;;) {
      const record = scanner.next();
      if (record === 'more' || record === 'done') return;
      if (isBlank(record.bytes) && !record.problem) continue;
      if (!columns) {
        columns = parseHeader(record, schema, mapping);
        onHeader?.({ columns });
        continue;
      }
      yield toRow(scanner, record, columns, limits);
    }
  }

  for await (const chunk of input) {
    scanner.append(chunk);
    yield* drain();
  }
  scanner.end();
  yield* drain();
  if (!columns) throw new FileRefusedError('file is empty: no header row');
}

function parseHeader(record: ScannedRecord, schema: FeedSchema, mapping: FeedMapping): ResolvedColumns {
  const { text, problem } = decodeRow(withoutCr(record.bytes));
  if (problem) throw new FileRefusedError(`header row is ${problem}`);
  if (record.problem) throw new FileRefusedError(`header row: ${record.problem}`);
  const { fields, error } = splitCsvFields(text);
  if (error) throw new FileRefusedError(`header row: ${error}`);
  return resolveColumns(fields.map(normaliseHeader), fields, schema, mapping);
}

function toRow(
  scanner: RecordScanner,
  scanned: ScannedRecord,
  columns: ResolvedColumns,
  limits: ReadLimits,
): FeedRow {
  let record = scanned;
  let bytes = withoutCr(record.bytes);
  let { text, problem: encoding } = decodeRow(bytes);
  let split = splitCsvFields(text);
  // A quoted newline that leaves a malformed record is far more often an unclosed quote than a
  // real multi-line value: reject just the first line and read on, rather than swallow the rest.
  if (record.spansLines && (split.error || split.fields.length !== columns.sources.length)) {
    record = scanner.rewindToFirstLine();
    bytes = withoutCr(record.bytes);
    ({ text, problem: encoding } = decodeRow(bytes));
    split = splitCsvFields(text);
  }
  const problems: string[] = [];
  // The scanner only knows a quote never closed; the field splitter can say which field broke.
  if (record.problem?.startsWith('broken quoting') && split.error) problems.push(split.error);
  else if (record.problem) problems.push(record.problem);
  if (encoding) problems.push(encoding);
  const raw = capRaw(text, record.problem?.startsWith('row is longer') ? bytes.length : undefined);
  // Values read through the wrong encoding would only add misleading reasons (a "bad number"
  // that is really a mis-decoded £): the encoding is the reason.
  if (record.problem || encoding) return { line: record.line, raw, values: null, problems };
  if (split.error) {
    problems.push(split.error);
    return { line: record.line, raw, values: null, problems };
  }
  if (split.fields.length !== columns.sources.length) {
    problems.push(`wrong column count: expected ${columns.sources.length}, found ${split.fields.length}`);
    return { line: record.line, raw, values: null, problems };
  }
  const values: Record<string, string | null> = {};
  for (const name of columns.canonical) values[name] = null;
  split.fields.forEach((field, index) => {
    const target = columns.targets[index];
    if (!target) return;
    if (field.length > limits.maxFieldLength) {
      problems.push(`huge field: ${target} is ${field.length} characters (limit ${limits.maxFieldLength})`);
      return;
    }
    values[target] = field.trim() === '' ? null : field;
  });
  return { line: record.line, raw, values, problems };
}

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isDateFormat, type DateFormat } from '../linkage/standardise';
import { columnNames, feedSchema, type FeedName, type FeedSchema } from './schema';
import { FileRefusedError } from './feed-errors';

/**
 * How a council's export maps onto a canonical feed: which source column (or JSON key) holds which
 * canonical column, the date format(s), columns to ignore, and code lists to translate. Mappings
 * live in matching-rules/feeds/*.yaml so a new export loads without code changes. The file format:
 *
 *   feed: csc-children
 *   date_format: DD/MM/YYYY            # default for every date column (ISO when omitted)
 *   date_formats: { updated_at: YYYY-MM-DD }   # per-column override
 *   columns:                           # source header -> canonical column
 *     Person ID: la_child_id
 *   ignore: [Case Notes]               # source columns deliberately not loaded
 *   values:                            # per canonical column: source code -> canonical value
 *     sex: { '1': M, '2': F }
 *
 * Source headers are matched ignoring case and repeated whitespace.
 */
export interface FeedMapping {
  feed: FeedName;
  /** Recorded on the load: the mapping file's name, or "canonical". */
  name: string;
  format?: 'csv' | 'jsonl';
  dateFormats: ReadonlyMap<string, DateFormat>;
  /** normalised source header → canonical column */
  columns: ReadonlyMap<string, string>;
  ignore: ReadonlySet<string>;
  /** canonical column → (upper-cased source value → replacement) */
  values: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export function normaliseHeader(header: string): string {
  return header.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** matching-rules/ at the repository root, from src/feeds (ts) or dist/src/feeds (compiled). */
function matchingRulesDir(): string {
  for (const up of [
    ['..', '..'],
    ['..', '..', '..'],
  ]) {
    const dir = join(__dirname, ...up, 'matching-rules', 'feeds');
    if (existsSync(dir)) return dir;
  }
  throw new Error('matching-rules/feeds not found beside the application');
}

export function canonicalMappingPath(feed: FeedName): string {
  return join(matchingRulesDir(), `${feed}.yaml`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks a mapping file; every problem is named (file, key and column) in one error. */
export function loadMapping(feed: FeedName, path?: string): FeedMapping {
  const file = path ?? canonicalMappingPath(feed);
  let document: unknown;
  try {
    document = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FileRefusedError(
      `mapping ${basename(file)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseMapping(feed, document, path ? basename(file) : 'canonical');
}

export function parseMapping(feed: FeedName, document: unknown, name: string): FeedMapping {
  const schema: FeedSchema = feedSchema(feed);
  const canonical = new Set(columnNames(schema));
  const problems: string[] = [];
  if (!isRecord(document)) throw new FileRefusedError(`mapping ${name}: not a YAML mapping`);
  if (document.feed !== feed) problems.push(`is for feed "${String(document.feed)}", not "${feed}"`);

  const format = document.format;
  if (format !== undefined && format !== 'csv' && format !== 'jsonl')
    problems.push(`format must be csv or jsonl`);

  const dateFormats = new Map<string, DateFormat>();
  const defaultFormat = document.date_format ?? 'YYYY-MM-DD';
  if (typeof defaultFormat !== 'string' || !isDateFormat(defaultFormat)) {
    problems.push(`date_format ${JSON.stringify(defaultFormat)} is not one of the supported formats`);
  }
  for (const column of schema.columns) {
    if (column.type === 'date' && typeof defaultFormat === 'string' && isDateFormat(defaultFormat))
      dateFormats.set(column.name, defaultFormat);
  }
  const perColumn = document.date_formats ?? {};
  if (!isRecord(perColumn)) problems.push('date_formats must map columns to formats');
  else {
    for (const [column, value] of Object.entries(perColumn)) {
      if (!dateFormats.has(column))
        problems.push(`date_formats names "${column}", which is not a date column of ${feed}`);
      else if (typeof value !== 'string' || !isDateFormat(value))
        problems.push(`date_formats.${column} "${String(value)}" is not a supported format`);
      else dateFormats.set(column, value);
    }
  }

  const columns = new Map<string, string>();
  const mapped = document.columns ?? {};
  if (!isRecord(mapped)) problems.push('columns must map source headers to canonical columns');
  else {
    for (const [source, target] of Object.entries(mapped)) {
      if (typeof target !== 'string' || !canonical.has(target)) {
        problems.push(`column "${source}" maps to "${String(target)}", which is not a column of ${feed}`);
      } else columns.set(normaliseHeader(source), target);
    }
  }

  const ignore = new Set<string>();
  const ignored = document.ignore ?? [];
  if (!Array.isArray(ignored)) problems.push('ignore must be a list of source headers');
  else for (const header of ignored) ignore.add(normaliseHeader(String(header)));

  const values = new Map<string, Map<string, string>>();
  const codeLists = document.values ?? {};
  if (!isRecord(codeLists)) problems.push('values must map columns to code lists');
  else {
    for (const [column, list] of Object.entries(codeLists)) {
      if (!canonical.has(column)) problems.push(`values names "${column}", which is not a column of ${feed}`);
      else if (!isRecord(list)) problems.push(`values.${column} must map source codes to values`);
      else
        values.set(
          column,
          new Map(Object.entries(list).map(([from, to]) => [from.trim().toUpperCase(), String(to)])),
        );
    }
  }

  if (problems.length) throw new FileRefusedError(`mapping ${name}: ${problems.join('; ')}`);
  return { feed, name, format: format as FeedMapping['format'], dateFormats, columns, ignore, values };
}

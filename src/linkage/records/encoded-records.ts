import { normaliseNhsNumber } from '../standardise/nhs-number';
import { normalisePostcode } from '../standardise/postcode';
import { normaliseUpn } from '../standardise/upn';
import { nameTokens } from '../standardise/names';
import { parseDate } from '../standardise/dates';
import type { FieldSpec, RuleSet } from '../rule-set/rule-set.types';

/** One raw input row: column name → text (blank or missing = unknown). */
export type RawRecord = Readonly<Record<string, string | null | undefined>>;

/**
 * Records for one input, either as row objects or as compact columns (same length each).
 * Columns avoid building a million small objects when the caller already holds arrays.
 */
export type RecordSource =
  | { name: string; rows: readonly RawRecord[] }
  | { name: string; columns: Readonly<Record<string, ReadonlyArray<string | null | undefined>>>; length: number };

/**
 * One field for all records, dictionary-encoded: `ids[record]` indexes `values` (-1 = unknown).
 * Each value is the list of standardised strings the record holds for the field (one for a
 * simple field, several for multi-column or token-split fields). Comparisons are cached by
 * value-id pair, so names that repeat are compared once.
 */
export interface FieldColumn {
  name: string;
  ids: Int32Array;
  values: string[][];
  /** Records holding each value (for term frequencies). */
  counts: Int32Array;
  /** Records with any value. */
  nonNull: number;
}

/** All records of a run (one input to dedupe, or two to link), in input order. */
export interface EncodedRecords {
  size: number;
  /** Inputs in order; records of input k occupy [start, start + count). */
  inputs: Array<{ name: string; start: number; count: number }>;
  /** Input index of each record. */
  inputOf: Uint8Array;
  /** The declared record-id column's value for each record. */
  recordIds: string[];
  fields: FieldColumn[];
  fieldIndex: Map<string, number>;
  mode: 'dedupe' | 'link';
}

const SEPARATOR = '\u0001';

/** Standardises one column value under a field's type; [] when unknown or invalid. */
export function standardiseValue(field: FieldSpec, text: string | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  const trimmed = text.trim();
  if (trimmed === '') return [];
  switch (field.type) {
    case 'name': {
      const tokens = nameTokens(trimmed);
      if (!tokens.length) return [];
      if (!field.splitTokens || tokens.length === 1) return [tokens.join(' ')];
      // Double-barrelled and multi-token names also match on each part and on the joined form.
      return [tokens.join(' '), tokens.join(''), ...tokens];
    }
    case 'string':
    case 'code': {
      const upper = trimmed.toUpperCase().replace(/\s+/g, ' ');
      return field.splitTokens ? upper.split(' ') : [upper];
    }
    case 'date': {
      const iso = parseDate(trimmed, field.format);
      return iso ? [iso] : [];
    }
    case 'postcode': {
      const postcode = normalisePostcode(trimmed);
      return postcode ? [postcode] : [];
    }
    case 'nhs_number': {
      const nhs = normaliseNhsNumber(trimmed);
      return nhs ? [nhs] : [];
    }
    case 'upn': {
      const upn = normaliseUpn(trimmed);
      return upn ? [upn] : [];
    }
    case 'number': {
      const value = Number(trimmed.replace(/,/g, ''));
      return Number.isFinite(value) ? [String(value)] : [];
    }
  }
}

/** Standardised values of a field for one record (all columns, duplicates removed). */
export function fieldValues(field: FieldSpec, read: (column: string) => string | null | undefined): string[] {
  if (field.columns.length === 1) return standardiseValue(field, read(field.columns[0]!));
  const values = new Set<string>();
  for (const column of field.columns) for (const v of standardiseValue(field, read(column))) values.add(v);
  return [...values];
}

function sourceLength(source: RecordSource): number {
  return 'rows' in source ? source.rows.length : source.length;
}

/** Missing columns are caught before any work: a typo in a rule set must not silently mean "unknown". */
function assertColumns(ruleSet: RuleSet, source: RecordSource): void {
  const available =
    'rows' in source ? (source.rows.length ? new Set(Object.keys(source.rows[0]!)) : null) : new Set(Object.keys(source.columns));
  if (!available) return;
  const wanted = [ruleSet.recordId, ...ruleSet.fields.flatMap((f) => f.columns)];
  const missing = [...new Set(wanted.filter((c) => !available.has(c)))];
  if (missing.length) throw new Error(`input "${source.name}" lacks column(s) declared by rule set ${ruleSet.name}: ${missing.join(', ')}`);
}

/** Standardises and dictionary-encodes every field of the given inputs. */
export function encodeRecords(ruleSet: RuleSet, sources: readonly RecordSource[]): EncodedRecords {
  if (sources.length < 1 || sources.length > 2) throw new Error('give one input to deduplicate or two to link');
  sources.forEach((s) => assertColumns(ruleSet, s));
  const size = sources.reduce((sum, s) => sum + sourceLength(s), 0);
  const inputs: EncodedRecords['inputs'] = [];
  const inputOf = new Uint8Array(size);
  const recordIds: string[] = new Array<string>(size);
  const dictionaries = ruleSet.fields.map(() => new Map<string, number>());
  // Raw texts repeat far more than they differ (names, towns, dates): standardise each distinct
  // raw text once per field. -1 marks raw text that standardises to unknown.
  const rawCache = ruleSet.fields.map(() => new Map<string, number>());
  const fields: FieldColumn[] = ruleSet.fields.map((f) => ({ name: f.name, ids: new Int32Array(size).fill(-1), values: [], counts: new Int32Array(0), nonNull: 0 }));
  const counts: number[][] = ruleSet.fields.map(() => []);
  let record = 0;
  sources.forEach((source, inputIndex) => {
    const count = sourceLength(source);
    inputs.push({ name: source.name, start: record, count });
    const columnOf = (name: string): ((r: number) => string | null | undefined) => {
      if ('rows' in source) return (r) => source.rows[r]?.[name];
      const values = source.columns[name];
      return (r) => values?.[r];
    };
    const ids = columnOf(ruleSet.recordId);
    for (let r = 0; r < count; r++) {
      inputOf[record + r] = inputIndex;
      recordIds[record + r] = (ids(r) ?? '').trim();
    }
    // Column by column: one field's raw texts, cache and dictionary stay hot together.
    ruleSet.fields.forEach((field, f) => {
      const readers = field.columns.map(columnOf);
      const column = fields[f]!;
      const cache = rawCache[f]!;
      const dictionary = dictionaries[f]!;
      const fieldCounts = counts[f]!;
      for (let r = 0; r < count; r++) {
        const rawKey = readers.length === 1 ? (readers[0]!(r) ?? '') : readers.map((read) => read(r) ?? '').join(SEPARATOR);
        let id = cache.get(rawKey);
        if (id === undefined) {
          const values = fieldValues(field, (name) => readers[field.columns.indexOf(name)]?.(r));
          if (!values.length) {
            id = -1;
          } else {
            const key = values.length === 1 ? values[0]! : values.join(SEPARATOR);
            id = dictionary.get(key);
            if (id === undefined) {
              id = column.values.length;
              dictionary.set(key, id);
              column.values.push(values);
              fieldCounts.push(0);
            }
          }
          cache.set(rawKey, id);
        }
        if (id < 0) continue;
        column.ids[record + r] = id;
        fieldCounts[id]!++;
        column.nonNull++;
      }
    });
    record += count;
  });
  fields.forEach((column, f) => (column.counts = Int32Array.from(counts[f]!)));
  return {
    size,
    inputs,
    inputOf,
    recordIds,
    fields,
    fieldIndex: new Map(ruleSet.fields.map((f, i) => [f.name, i])),
    mode: sources.length === 2 ? 'link' : 'dedupe',
  };
}

/** Pairs of records the run may compare: in link mode only across inputs. */
export function totalPossiblePairs(records: EncodedRecords): number {
  if (records.mode === 'link') return (records.inputs[0]?.count ?? 0) * (records.inputs[1]?.count ?? 0);
  return (records.size * (records.size - 1)) / 2;
}

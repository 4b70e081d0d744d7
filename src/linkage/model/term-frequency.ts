import type { EncodedRecords } from '../records/encoded-records';
import type { RuleSet } from '../rule-set/rule-set.types';
import { TF_MIN_COUNT, type TermFrequencyTable } from './parameters';

/** Per comparison with a term-frequency level: frequency of each value id (null when none). */
export type TermFrequencies = Array<Float64Array | null>;

function usesTermFrequency(ruleSet: RuleSet, c: number): boolean {
  return ruleSet.comparisons[c]?.levels.some((l) => l.termFrequency) ?? false;
}

/** Frequencies from the records themselves (batch linking). */
export function termFrequenciesFromRecords(ruleSet: RuleSet, records: EncodedRecords): TermFrequencies {
  return ruleSet.comparisons.map((spec, c) => {
    if (!usesTermFrequency(ruleSet, c)) return null;
    const column = records.fields[records.fieldIndex.get(spec.field)!]!;
    const tf = new Float64Array(column.values.length);
    for (let v = 0; v < tf.length; v++) tf[v] = column.counts[v]! / Math.max(1, column.nonNull);
    return tf;
  });
}

/** Frequencies from saved tables (single-record matching), by the values' text. */
export function termFrequenciesFromTables(ruleSet: RuleSet, records: EncodedRecords, tables: Record<string, TermFrequencyTable>): TermFrequencies {
  return ruleSet.comparisons.map((spec, c) => {
    const table = tables[spec.name];
    if (!usesTermFrequency(ruleSet, c) || !table) return null;
    const column = records.fields[records.fieldIndex.get(spec.field)!]!;
    return Float64Array.from(column.values, (v) => table.values[v.join(' ')] ?? table.defaultFrequency);
  });
}

/** Tables to save with trained parameters: common values only (small numbers are not written out). */
export function termFrequencyTables(ruleSet: RuleSet, records: EncodedRecords): Record<string, TermFrequencyTable> {
  const tables: Record<string, TermFrequencyTable> = {};
  ruleSet.comparisons.forEach((spec, c) => {
    if (!usesTermFrequency(ruleSet, c)) return;
    const column = records.fields[records.fieldIndex.get(spec.field)!]!;
    const total = Math.max(1, column.nonNull);
    const values: Record<string, number> = {};
    column.values.forEach((v, id) => {
      if (column.counts[id]! >= TF_MIN_COUNT) values[v.join(' ')] = column.counts[id]! / total;
    });
    // An unlisted value is held by fewer than TF_MIN_COUNT records: take the middle of that range.
    tables[spec.name] = { total, defaultFrequency: TF_MIN_COUNT / 2 / total, values };
  });
  return tables;
}

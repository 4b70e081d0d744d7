import { doubleMetaphone, soundex } from '../comparators/phonetic';
import type { BlockingKeyPart, BlockingRuleSpec, FieldSpec } from '../rule-set/rule-set.types';

/** One part's key values from a field's standardised values (several for multi-valued fields). */
export function keyPartValues(part: BlockingKeyPart, values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    let key: string | null;
    switch (part.transform) {
      case 'value':
        key = value;
        break;
      case 'soundex':
        key = soundex(value) || null;
        break;
      case 'metaphone':
        key = doubleMetaphone(value)[0] || null;
        break;
      case 'prefix':
        key = value.length >= (part.length ?? 1) ? value.slice(0, part.length ?? 1) : null;
        break;
      case 'year':
        key = /^\d{4}-/.test(value) ? value.slice(0, 4) : null;
        break;
      case 'month_day':
        key = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.slice(5) : null;
        break;
      case 'postcode_sector':
        key = value.includes(' ') ? value.slice(0, -2) : null;
        break;
      case 'postcode_district':
        key = value.includes(' ') ? value.slice(0, value.indexOf(' ')) : null;
        break;
    }
    if (key) out.add(key);
  }
  return [...out];
}

/**
 * A rule's key strings for one record: the cross product of its parts' values, "|"-joined.
 * Empty when any part is unknown, so a record with no date of birth is never blocked on it.
 */
export function ruleKeys(rule: BlockingRuleSpec, valuesOf: (field: string) => readonly string[]): string[] {
  let keys: string[] = [''];
  rule.keys.forEach((part, p) => {
    const partValues = keyPartValues(part, valuesOf(part.field));
    const next: string[] = [];
    for (const prefix of keys) for (const v of partValues) next.push(p === 0 ? v : `${prefix}|${v}`);
    keys = next;
  });
  return keys;
}

export interface BlockingKeyValue {
  rule: string;
  key: string;
}

/** Every blocking key of a record under the given rules, for a caller that looks candidates up by key. */
export function recordBlockingKeys(rules: readonly BlockingRuleSpec[], fields: readonly FieldSpec[], valuesOf: (field: string) => readonly string[]): BlockingKeyValue[] {
  const known = new Set(fields.map((f) => f.name));
  return rules.flatMap((rule) => {
    if (!rule.keys.every((k) => known.has(k.field))) return [];
    return ruleKeys(rule, valuesOf).map((key) => ({ rule: rule.name, key }));
  });
}

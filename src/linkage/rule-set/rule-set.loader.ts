import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { isDateFormat } from '../standardise/dates';
import {
  FIELD_TYPES,
  type BlockingKeyPart,
  type BlockingRuleSpec,
  type CannotLinkSpec,
  type ComparisonSpec,
  type DeterministicRuleSpec,
  type FieldSpec,
  type FieldType,
  type KeyTransform,
  type LevelKind,
  type LevelSpec,
  type RuleSet,
  type TrainingSpec,
} from './rule-set.types';

export interface RuleSetIssue {
  line: number;
  column: number;
  message: string;
}

/** Every problem found in a rule set, each naming its line; thrown by parseRuleSet. */
export class RuleSetError extends Error {
  constructor(
    readonly source: string,
    readonly issues: RuleSetIssue[],
  ) {
    super(issues.map((i) => `${source} line ${i.line}: ${i.message}`).join('\n'));
    this.name = 'RuleSetError';
  }
}

const LEVEL_KINDS: Record<LevelKind, 'none' | 'min' | 'max' | 'days' | 'length' | 'field'> = {
  exact: 'none',
  jaro_winkler: 'min',
  jaro: 'min',
  levenshtein: 'max',
  damerau_levenshtein: 'max',
  nickname: 'none',
  double_metaphone: 'none',
  soundex: 'none',
  reversed: 'field',
  date_day_month_swap: 'none',
  date_one_digit: 'none',
  date_within_days: 'days',
  postcode_sector: 'none',
  postcode_district: 'none',
  postcode_area: 'none',
  numeric_within: 'max',
  prefix: 'length',
};
const KEY_TRANSFORMS: readonly KeyTransform[] = ['value', 'soundex', 'metaphone', 'prefix', 'year', 'month_day', 'postcode_sector', 'postcode_district'];

/** Defaults, each chosen so FEBRL-sized and council-sized runs stay bounded. */
const DEFAULT_TRAINING = { uSamplePairs: 1_000_000, seed: 42, emMaxIterations: 50, emMaxPairs: 100_000, emTolerance: 1e-4, deterministicRecall: 0.8 };
const DEFAULT_LIMITS = { maxPairsPerRule: 50_000_000, maxBlockSize: 10_000 };

/** Walks the YAML tree collecting issues with positions instead of stopping at the first. */
class Reader {
  readonly issues: RuleSetIssue[] = [];
  constructor(private readonly lines: LineCounter) {}

  fail(node: YamlNode | null | undefined, message: string): void {
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    this.issues.push({ line: pos.line, column: pos.col, message });
  }

  map(node: unknown, what: string, parent: YamlNode | null): YAMLMap | null {
    if (isMap(node)) return node;
    this.fail((node as YamlNode | null) ?? parent, `${what} must be a mapping`);
    return null;
  }

  entries(map: YAMLMap): Array<[string, unknown, YamlNode]> {
    return map.items.map((pair) => {
      const key = pair.key as YamlNode;
      return [isScalar(key) ? String(key.value) : '', pair.value, key];
    });
  }

  get(map: YAMLMap, key: string): unknown {
    return map.get(key, true);
  }

  allowOnly(map: YAMLMap, allowed: readonly string[], what: string): void {
    for (const [key, , keyNode] of this.entries(map)) {
      if (!allowed.includes(key)) this.fail(keyNode, `${what}: unknown key "${key}" (allowed: ${allowed.join(', ')})`);
    }
  }

  string(node: unknown, what: string, parent: YamlNode): string | null {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== '') {
      return String(node.value);
    }
    this.fail((node as YamlNode | undefined) ?? parent, `${what} must be a non-empty string`);
    return null;
  }

  number(node: unknown, what: string, parent: YamlNode, min: number, max: number): number | null {
    if (isScalar(node) && typeof node.value === 'number' && node.value >= min && node.value <= max) return node.value;
    this.fail((node as YamlNode | undefined) ?? parent, `${what} must be a number from ${min} to ${max}`);
    return null;
  }

  optionalNumber(map: YAMLMap, key: string, what: string, min: number, max: number): number | undefined {
    const node = this.get(map, key);
    if (node === undefined) return undefined;
    return this.number(node, `${what}.${key}`, map, min, max) ?? undefined;
  }

  boolean(node: unknown, what: string, parent: YamlNode): boolean {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.fail((node as YamlNode | undefined) ?? parent, `${what} must be true or false`);
    return false;
  }

  seq(node: unknown, what: string, parent: YamlNode): unknown[] {
    if (isSeq(node)) return node.items;
    this.fail((node as YamlNode | undefined) ?? parent, `${what} must be a list`);
    return [];
  }

  stringList(node: unknown, what: string, parent: YamlNode): string[] {
    if (isScalar(node)) {
      const one = this.string(node, what, parent);
      return one ? [one] : [];
    }
    return this.seq(node, what, parent)
      .map((item) => this.string(item, `${what} entry`, parent))
      .filter((s): s is string => s !== null);
  }
}

/**
 * Parses and validates a rule set from YAML text. `source` names the file in error messages.
 * Throws RuleSetError listing every problem with its line.
 */
export function parseRuleSet(text: string, source = 'rule set'): RuleSet {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new Reader(lines);
  for (const error of doc.errors) {
    const pos = error.linePos?.[0];
    reader.issues.push({ line: pos?.line ?? 1, column: pos?.col ?? 1, message: `YAML syntax: ${error.message.split('\n')[0] ?? ''}` });
  }
  if (reader.issues.length) throw new RuleSetError(source, reader.issues);
  const root = reader.map(doc.contents, 'the rule set', null);
  if (!root) throw new RuleSetError(source, reader.issues);
  reader.allowOnly(
    root,
    ['name', 'version', 'record_id', 'fields', 'comparisons', 'blocking', 'deterministic', 'cannot_link', 'training', 'thresholds', 'limits', 'description'],
    'rule set',
  );

  const name = reader.string(reader.get(root, 'name'), 'name', root) ?? '';
  const version = reader.string(reader.get(root, 'version'), 'version', root) ?? '';
  const recordId = reader.string(reader.get(root, 'record_id'), 'record_id', root) ?? '';

  const fields = readFields(reader, root);
  const fieldByName = new Map(fields.map((f) => [f.name, f]));
  const comparisons = readComparisons(reader, root, fieldByName);
  const comparisonByName = new Map(comparisons.map((c) => [c.name, c]));

  const blockingNode = reader.get(root, 'blocking');
  const blocking = reader.seq(blockingNode, 'blocking', root).map((n, i) => readBlockingRule(reader, n, `blocking[${i}]`, root, fieldByName));
  if (isSeq(blockingNode) && blocking.length === 0) reader.fail(blockingNode, 'blocking needs at least one rule');
  uniqueNames(reader, blocking, blockingNode, 'blocking rule');

  const deterministicNode = reader.get(root, 'deterministic');
  const deterministic: DeterministicRuleSpec[] =
    deterministicNode === undefined
      ? []
      : reader.seq(deterministicNode, 'deterministic', root).map((n, i) => {
          const rule = readBlockingRule(reader, n, `deterministic[${i}]`, root, fieldByName, ['require']);
          const map = isMap(n) ? n : null;
          const require = map ? readLevelSets(reader, map, 'require', `deterministic[${i}]`, comparisonByName) : {};
          return { ...rule, require };
        });

  const cannotNode = reader.get(root, 'cannot_link');
  const cannotLink: CannotLinkSpec[] =
    cannotNode === undefined ? [] : reader.seq(cannotNode, 'cannot_link', root).map((n, i) => readCannotLink(reader, n, `cannot_link[${i}]`, root, fieldByName, comparisonByName));

  const training = readTraining(reader, root, fieldByName, blocking);
  const thresholds = readThresholds(reader, root);
  const limits = readLimits(reader, root);

  if (reader.issues.length) throw new RuleSetError(source, reader.issues);
  return { name, version, recordId, fields, comparisons, blocking, deterministic, cannotLink, training, thresholds, limits };
}

function uniqueNames(reader: Reader, items: Array<{ name: string }>, node: unknown, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) {
      const itemNode = isSeq(node) ? (node.items[i] as YamlNode) : (node as YamlNode);
      reader.fail(itemNode, `${what} "${item.name}" is declared twice`);
    }
    seen.add(item.name);
  });
}

function readFields(reader: Reader, root: YAMLMap): FieldSpec[] {
  const node = reader.get(root, 'fields');
  const map = reader.map(node, 'fields', root);
  if (!map) return [];
  const fields: FieldSpec[] = [];
  for (const [name, value, keyNode] of reader.entries(map)) {
    const what = `fields.${name}`;
    const spec = reader.map(value, what, keyNode);
    if (!spec) continue;
    reader.allowOnly(spec, ['column', 'columns', 'type', 'format', 'split_tokens'], what);
    const hasColumn = spec.has('column');
    const hasColumns = spec.has('columns');
    if (hasColumn === hasColumns) reader.fail(keyNode, `${what} needs exactly one of "column" or "columns"`);
    const columns = hasColumn
      ? reader.stringList(reader.get(spec, 'column'), `${what}.column`, keyNode)
      : hasColumns
        ? reader.stringList(reader.get(spec, 'columns'), `${what}.columns`, keyNode)
        : [];
    const typeText = reader.string(reader.get(spec, 'type'), `${what}.type`, keyNode) ?? 'string';
    if (!(FIELD_TYPES as readonly string[]).includes(typeText)) {
      reader.fail((reader.get(spec, 'type') as YamlNode | undefined) ?? keyNode, `${what}.type "${typeText}" is not one of ${FIELD_TYPES.join(', ')}`);
    }
    const field: FieldSpec = { name, columns, type: typeText as FieldType, splitTokens: false };
    const formatNode = reader.get(spec, 'format');
    if (formatNode !== undefined) {
      const format = reader.string(formatNode, `${what}.format`, keyNode);
      if (field.type !== 'date') reader.fail(formatNode as YamlNode, `${what}.format applies only to date fields`);
      else if (format && !isDateFormat(format)) reader.fail(formatNode as YamlNode, `${what}.format "${format}" is not a known date format`);
      else if (format && isDateFormat(format)) field.format = format;
    }
    const splitNode = reader.get(spec, 'split_tokens');
    if (splitNode !== undefined) field.splitTokens = reader.boolean(splitNode, `${what}.split_tokens`, keyNode);
    fields.push(field);
  }
  if (!fields.length) reader.fail(map, 'fields needs at least one field');
  return fields;
}

function fieldRef(reader: Reader, node: unknown, what: string, parent: YamlNode, fields: Map<string, FieldSpec>): string | null {
  const name = reader.string(node, what, parent);
  if (name && !fields.has(name)) {
    reader.fail((node as YamlNode | undefined) ?? parent, `${what} refers to unknown field "${name}"`);
    return null;
  }
  return name;
}

function readComparisons(reader: Reader, root: YAMLMap, fields: Map<string, FieldSpec>): ComparisonSpec[] {
  const node = reader.get(root, 'comparisons');
  const comparisons = reader.seq(node, 'comparisons', root).flatMap((item, i): ComparisonSpec[] => {
    const what = `comparisons[${i}]`;
    const map = reader.map(item, what, root);
    if (!map) return [];
    reader.allowOnly(map, ['name', 'field', 'levels'], what);
    const field = fieldRef(reader, reader.get(map, 'field'), `${what}.field`, map, fields) ?? '';
    const name = reader.string(reader.get(map, 'name') ?? reader.get(map, 'field'), `${what}.name`, map) ?? field;
    const levelsNode = reader.get(map, 'levels');
    const levels = reader.seq(levelsNode, `${name}.levels`, map).flatMap((levelNode) => {
      const level = readLevel(reader, levelNode, `comparison ${name}`, map, fields, fields.get(field));
      return level ? [level] : [];
    });
    if (isSeq(levelsNode) && !levels.length) reader.fail(levelsNode, `comparison ${name} needs at least one level`);
    const labels = new Set<string>();
    levels.forEach((level, j) => {
      if (labels.has(level.label) || level.label === 'null' || level.label === 'else') {
        reader.fail(isSeq(levelsNode) ? (levelsNode.items[j] as YamlNode) : map, `comparison ${name}: level label "${level.label}" is reserved or used twice (set "label")`);
      }
      labels.add(level.label);
    });
    return [{ name, field, levels }];
  });
  uniqueNames(reader, comparisons, node, 'comparison');
  if (isSeq(node) && !comparisons.length) reader.fail(node, 'comparisons needs at least one comparison');
  return comparisons;
}

function readLevel(reader: Reader, node: unknown, what: string, parent: YamlNode, fields: Map<string, FieldSpec>, field: FieldSpec | undefined): LevelSpec | null {
  let kindText: string | null = null;
  let param: unknown;
  let options: YAMLMap | null = null;
  let kindNode: YamlNode = (node as YamlNode | undefined) ?? parent;
  if (isScalar(node)) {
    kindText = reader.string(node, `${what} level`, parent);
  } else if (isMap(node)) {
    options = node;
    const kinds = reader.entries(node).filter(([key]) => key in LEVEL_KINDS);
    if (kinds.length !== 1) {
      reader.fail(node, `${what}: a level needs exactly one kind (${Object.keys(LEVEL_KINDS).join(', ')})`);
      return null;
    }
    const [kind, value, keyNode] = kinds[0]!;
    kindText = kind;
    param = value;
    kindNode = keyNode;
    reader.allowOnly(node, [kind, 'label', 'term_frequency'], `${what} level ${kind}`);
    // "exact: { term_frequency: true }" puts the options under the kind.
    if (isMap(value)) {
      if (node.items.length > 1) reader.fail(node, `${what} level ${kind}: give options either under the kind or beside it, not both`);
      options = value;
      param = undefined;
      reader.allowOnly(value, ['label', 'term_frequency'], `${what} level ${kind}`);
    }
  } else {
    reader.fail(kindNode, `${what}: a level must be a name or a mapping`);
    return null;
  }
  if (kindText === null) return null;
  if (!(kindText in LEVEL_KINDS)) {
    reader.fail(kindNode, `${what}: unknown level kind "${kindText}" (known: ${Object.keys(LEVEL_KINDS).join(', ')})`);
    return null;
  }
  const kind = kindText as LevelKind;
  const level: LevelSpec = { kind, label: kind, termFrequency: false };
  const wants = LEVEL_KINDS[kind];
  const paramNode = (param as YamlNode | undefined) ?? kindNode;
  const hasParam = param !== undefined && !(isScalar(param) && (param.value === null || param.value === true));
  if (wants === 'none' && hasParam) reader.fail(paramNode, `${what}: level ${kind} takes no value`);
  if (wants !== 'none' && !hasParam) {
    reader.fail(paramNode, `${what}: level ${kind} needs a value (${wants})`);
  } else if (wants === 'min') {
    level.min = reader.number(param, `${what}: ${kind}`, kindNode, 0, 1) ?? 1;
    level.label = `${kind}_${level.min}`;
  } else if (wants === 'max' || wants === 'days' || wants === 'length') {
    const value = reader.number(param, `${what}: ${kind}`, kindNode, 0, 1e9) ?? 0;
    level[wants] = value;
    level.label = `${kind}_${value}`;
  } else if (wants === 'field') {
    level.field = fieldRef(reader, param, `${what}: ${kind}`, kindNode, fields) ?? undefined;
  }
  if (field) {
    const textual = ['name', 'string', 'code'].includes(field.type);
    const dateOnly = ['date_day_month_swap', 'date_one_digit', 'date_within_days'].includes(kind);
    const postcodeOnly = kind.startsWith('postcode_');
    if (dateOnly && field.type !== 'date') reader.fail(kindNode, `${what}: level ${kind} needs a date field, "${field.name}" is ${field.type}`);
    if (postcodeOnly && field.type !== 'postcode') reader.fail(kindNode, `${what}: level ${kind} needs a postcode field, "${field.name}" is ${field.type}`);
    if (kind === 'numeric_within' && field.type !== 'number') reader.fail(kindNode, `${what}: level numeric_within needs a number field`);
    if (['nickname', 'double_metaphone', 'soundex'].includes(kind) && !textual) reader.fail(kindNode, `${what}: level ${kind} needs a text field`);
  }
  if (options) {
    const labelNode = reader.get(options, 'label');
    if (labelNode !== undefined) level.label = reader.string(labelNode, `${what} label`, options) ?? level.label;
    const tfNode = reader.get(options, 'term_frequency');
    if (tfNode !== undefined) {
      level.termFrequency = reader.boolean(tfNode, `${what} term_frequency`, options);
      if (level.termFrequency && kind !== 'exact') reader.fail(tfNode as YamlNode, `${what}: term_frequency applies only to exact levels`);
    }
  }
  return level;
}

function readKeyPart(reader: Reader, node: unknown, what: string, parent: YamlNode, fields: Map<string, FieldSpec>): BlockingKeyPart | null {
  if (isScalar(node)) {
    const field = fieldRef(reader, node, what, parent, fields);
    return field ? { field, transform: 'value' } : null;
  }
  const map = reader.map(node, what, parent);
  if (!map) return null;
  reader.allowOnly(map, ['field', 'transform', 'length'], what);
  const field = fieldRef(reader, reader.get(map, 'field'), `${what}.field`, map, fields);
  const transformNode = reader.get(map, 'transform');
  const transform = transformNode === undefined ? 'value' : reader.string(transformNode, `${what}.transform`, map);
  if (transform && !(KEY_TRANSFORMS as readonly string[]).includes(transform)) {
    reader.fail(transformNode as YamlNode, `${what}.transform "${transform}" is not one of ${KEY_TRANSFORMS.join(', ')}`);
    return null;
  }
  const part: BlockingKeyPart = { field: field ?? '', transform: (transform ?? 'value') as KeyTransform };
  // A transform that cannot apply to the field's type would silently block nothing.
  const type = field ? fields.get(field)?.type : undefined;
  const needs: Partial<Record<KeyTransform, FieldType[]>> = {
    year: ['date'],
    month_day: ['date'],
    postcode_sector: ['postcode'],
    postcode_district: ['postcode'],
    soundex: ['name', 'string', 'code'],
    metaphone: ['name', 'string', 'code'],
  };
  const allowed = needs[part.transform];
  if (type && allowed && !allowed.includes(type)) reader.fail(transformNode as YamlNode, `${what}.transform ${part.transform} needs a ${allowed.join(' or ')} field, "${field}" is ${type}`);
  if (part.transform === 'prefix') part.length = reader.number(reader.get(map, 'length'), `${what}.length`, map, 1, 100) ?? 1;
  return field ? part : null;
}

function readBlockingRule(
  reader: Reader,
  node: unknown,
  what: string,
  parent: YamlNode,
  fields: Map<string, FieldSpec>,
  extraKeys: string[] = [],
): BlockingRuleSpec {
  const map = reader.map(node, what, parent);
  if (!map) return { name: what, keys: [] };
  reader.allowOnly(map, ['name', 'keys', ...extraKeys], what);
  const keysNode = reader.get(map, 'keys');
  const keys = reader
    .seq(keysNode, `${what}.keys`, map)
    .map((k, i) => readKeyPart(reader, k, `${what}.keys[${i}]`, map, fields))
    .filter((k): k is BlockingKeyPart => k !== null);
  if (isSeq(keysNode) && !keysNode.items.length) reader.fail(keysNode, `${what}.keys needs at least one key`);
  const nameNode = reader.get(map, 'name');
  const name = nameNode === undefined ? keys.map((k) => (k.transform === 'value' ? k.field : `${k.transform}_${k.field}`)).join('_') : (reader.string(nameNode, `${what}.name`, map) ?? what);
  return { name, keys };
}

function readLevelSets(reader: Reader, map: YAMLMap, key: string, what: string, comparisons: Map<string, ComparisonSpec>): Record<string, string[]> {
  const node = reader.get(map, key);
  if (node === undefined) return {};
  const setMap = reader.map(node, `${what}.${key}`, map);
  if (!setMap) return {};
  const out: Record<string, string[]> = {};
  for (const [name, value, keyNode] of reader.entries(setMap)) {
    const comparison = comparisons.get(name);
    if (!comparison) {
      reader.fail(keyNode, `${what}.${key} refers to unknown comparison "${name}"`);
      continue;
    }
    const labels = reader.stringList(value, `${what}.${key}.${name}`, keyNode);
    const known = new Set(['else', ...comparison.levels.map((l) => l.label)]);
    for (const label of labels) {
      if (!known.has(label)) reader.fail((value as YamlNode | undefined) ?? keyNode, `${what}.${key}.${name}: unknown level "${label}" (levels: ${[...known].join(', ')})`);
    }
    out[name] = labels;
  }
  return out;
}

function readCannotLink(
  reader: Reader,
  node: unknown,
  what: string,
  parent: YamlNode,
  fields: Map<string, FieldSpec>,
  comparisons: Map<string, ComparisonSpec>,
): CannotLinkSpec {
  const empty: CannotLinkSpec = { name: what, equal: [], differ: [], levels: {}, notLevels: {} };
  const map = reader.map(node, what, parent);
  if (!map) return empty;
  reader.allowOnly(map, ['name', 'equal', 'differ', 'levels', 'not_levels'], what);
  const name = reader.string(reader.get(map, 'name'), `${what}.name`, map) ?? what;
  const list = (key: string): string[] => {
    const value = reader.get(map, key);
    if (value === undefined) return [];
    return reader.stringList(value, `${what}.${key}`, map).filter((f) => {
      if (!fields.has(f)) reader.fail(value as YamlNode, `${what}.${key} refers to unknown field "${f}"`);
      return fields.has(f);
    });
  };
  const rule: CannotLinkSpec = {
    name,
    equal: list('equal'),
    differ: list('differ'),
    levels: readLevelSets(reader, map, 'levels', what, comparisons),
    notLevels: readLevelSets(reader, map, 'not_levels', what, comparisons),
  };
  if (!rule.equal.length && !rule.differ.length && !Object.keys(rule.levels).length && !Object.keys(rule.notLevels).length) {
    reader.fail(map, `${what} has no clause (equal, differ, levels or not_levels)`);
  }
  return rule;
}

function readTraining(reader: Reader, root: YAMLMap, fields: Map<string, FieldSpec>, blocking: BlockingRuleSpec[]): TrainingSpec {
  const node = reader.get(root, 'training');
  const training: TrainingSpec = { ...DEFAULT_TRAINING, blocking };
  if (node === undefined) return training;
  const map = reader.map(node, 'training', root);
  if (!map) return training;
  reader.allowOnly(map, ['u_sample_pairs', 'seed', 'blocking', 'em_max_iterations', 'em_max_pairs', 'em_tolerance', 'deterministic_recall', 'prior'], 'training');
  training.uSamplePairs = reader.optionalNumber(map, 'u_sample_pairs', 'training', 1000, 1e9) ?? training.uSamplePairs;
  training.seed = reader.optionalNumber(map, 'seed', 'training', 0, 2 ** 31) ?? training.seed;
  training.emMaxIterations = reader.optionalNumber(map, 'em_max_iterations', 'training', 1, 10_000) ?? training.emMaxIterations;
  training.emMaxPairs = reader.optionalNumber(map, 'em_max_pairs', 'training', 1000, 1e9) ?? training.emMaxPairs;
  training.emTolerance = reader.optionalNumber(map, 'em_tolerance', 'training', 1e-12, 0.1) ?? training.emTolerance;
  training.deterministicRecall = reader.optionalNumber(map, 'deterministic_recall', 'training', 0.01, 1) ?? training.deterministicRecall;
  const prior = reader.optionalNumber(map, 'prior', 'training', 1e-12, 0.999);
  if (prior !== undefined) training.prior = prior;
  const blockingNode = reader.get(map, 'blocking');
  if (blockingNode !== undefined) {
    training.blocking = reader.seq(blockingNode, 'training.blocking', map).map((n, i) => readBlockingRule(reader, n, `training.blocking[${i}]`, map, fields));
  }
  return training;
}

function readThresholds(reader: Reader, root: YAMLMap): RuleSet['thresholds'] {
  const node = reader.get(root, 'thresholds');
  const thresholds = { link: 0.95, review: 0.5 };
  if (node === undefined) return thresholds;
  const map = reader.map(node, 'thresholds', root);
  if (!map) return thresholds;
  reader.allowOnly(map, ['link', 'review'], 'thresholds');
  thresholds.link = reader.optionalNumber(map, 'link', 'thresholds', 0, 1) ?? thresholds.link;
  thresholds.review = reader.optionalNumber(map, 'review', 'thresholds', 0, 1) ?? thresholds.review;
  if (thresholds.review > thresholds.link) reader.fail(map, 'thresholds.review must not exceed thresholds.link');
  return thresholds;
}

function readLimits(reader: Reader, root: YAMLMap): RuleSet['limits'] {
  const node = reader.get(root, 'limits');
  const limits = { ...DEFAULT_LIMITS };
  if (node === undefined) return limits;
  const map = reader.map(node, 'limits', root);
  if (!map) return limits;
  reader.allowOnly(map, ['max_pairs_per_rule', 'max_block_size'], 'limits');
  limits.maxPairsPerRule = reader.optionalNumber(map, 'max_pairs_per_rule', 'limits', 1, 1e12) ?? limits.maxPairsPerRule;
  limits.maxBlockSize = reader.optionalNumber(map, 'max_block_size', 'limits', 2, 1e9) ?? limits.maxBlockSize;
  return limits;
}

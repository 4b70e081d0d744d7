import type { DateFormat } from '../standardise/dates';

/**
 * A validated rule set: what fields mean, how records are compared, blocked, trained and
 * clustered. Built only by `parseRuleSet` (rule-set.loader.ts) from YAML, so every instance has
 * passed validation. Plain data (no functions), so it crosses into worker threads unchanged.
 */
export interface RuleSet {
  name: string;
  /** Bumped by the rule set's author whenever its meaning changes; recorded with every link. */
  version: string;
  /** The input column holding each record's id (unique within one input). */
  recordId: string;
  fields: FieldSpec[];
  comparisons: ComparisonSpec[];
  blocking: BlockingRuleSpec[];
  deterministic: DeterministicRuleSpec[];
  cannotLink: CannotLinkSpec[];
  training: TrainingSpec;
  thresholds: { link: number; review: number };
  limits: { maxPairsPerRule: number; maxBlockSize: number };
}

/**
 * How a field is standardised. `name` → canonical uppercase name; `date` → ISO date;
 * `postcode` → "AB1 2CD" (invalid → null); `nhs_number`/`upn` → validated identifier (invalid →
 * null, so never evidence); `number` → decimal text; `string` → trimmed, uppercased;
 * `code` → trimmed, uppercased (sex, state).
 */
export type FieldType = 'string' | 'code' | 'name' | 'date' | 'postcode' | 'nhs_number' | 'upn' | 'number';
export const FIELD_TYPES: readonly FieldType[] = ['string', 'code', 'name', 'date', 'postcode', 'nhs_number', 'upn', 'number'];

export interface FieldSpec {
  name: string;
  /** One or more input columns. Several columns make the field multi-valued (best-of comparisons). */
  columns: string[];
  type: FieldType;
  /** Date format declared for `date` fields; absent → the unambiguous formats of parseDate. */
  format?: DateFormat;
  /** Also split each column's value on spaces into separate values (middle names, double-barrelled surnames). */
  splitTokens: boolean;
}

export type LevelKind =
  | 'exact'
  | 'jaro_winkler'
  | 'jaro'
  | 'levenshtein'
  | 'damerau_levenshtein'
  | 'nickname'
  | 'double_metaphone'
  | 'soundex'
  | 'reversed'
  | 'date_day_month_swap'
  | 'date_one_digit'
  | 'date_within_days'
  | 'postcode_sector'
  | 'postcode_district'
  | 'postcode_area'
  | 'numeric_within'
  | 'prefix';

export interface LevelSpec {
  kind: LevelKind;
  /** Unique within its comparison; used in explanations, parameters and cannot-link rules. */
  label: string;
  /** jaro_winkler / jaro: similarity at least this. */
  min?: number;
  /** levenshtein / damerau_levenshtein: distance at most this. numeric_within: absolute difference at most this. */
  max?: number;
  /** date_within_days: at most this many days apart. prefix: this many leading characters equal. */
  days?: number;
  length?: number;
  /** reversed: the other field (e.g. forename compared with surname, both ways). */
  field?: string;
  /** exact levels only: per-value term-frequency adjustment (common values weigh less). */
  termFrequency: boolean;
}

export interface ComparisonSpec {
  name: string;
  field: string;
  /** Declared levels, strongest first. Level 0 (either side null, weight 0) and the final "else" are implicit. */
  levels: LevelSpec[];
}

/** How one blocking-key part is derived from a field value. */
export type KeyTransform = 'value' | 'soundex' | 'metaphone' | 'prefix' | 'year' | 'month_day' | 'postcode_sector' | 'postcode_district';

export interface BlockingKeyPart {
  field: string;
  transform: KeyTransform;
  /** prefix: number of leading characters. */
  length?: number;
}

export interface BlockingRuleSpec {
  name: string;
  /** Pairs agree on every part (a multi-valued field agrees if any value does). */
  keys: BlockingKeyPart[];
}

export interface DeterministicRuleSpec extends BlockingRuleSpec {
  /** Comparison name → level labels that must be hit (e.g. dob: [exact, day_month_swap]). */
  require: Record<string, string[]>;
}

/** A pair satisfying every clause can never be one person, whatever its score. */
export interface CannotLinkSpec {
  name: string;
  /** Fields both present and sharing a value. */
  equal: string[];
  /** Fields both present and sharing no value (e.g. two different valid NHS numbers). */
  differ: string[];
  /** Comparison name → level labels; the pair's level must be one of them. */
  levels: Record<string, string[]>;
  /** Comparison name → level labels; both sides present and the level is NOT one of them. */
  notLevels: Record<string, string[]>;
}

export interface TrainingSpec {
  /** Pairs sampled at random to estimate u. */
  uSamplePairs: number;
  seed: number;
  /** Blocking rules for EM (default: the prediction blocking rules). */
  blocking: BlockingRuleSpec[];
  emMaxIterations: number;
  /** Blocked pairs EM uses per training rule; more are sampled down to this (seeded). */
  emMaxPairs: number;
  emTolerance: number;
  /** Share of true matches the deterministic rules are believed to find. */
  deterministicRecall: number;
  /** Prior used when there are no deterministic rules. */
  prior?: number;
}

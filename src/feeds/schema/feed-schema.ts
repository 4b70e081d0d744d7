/**
 * The declarative shape of a canonical feed (DESIGN.md "Canonical feeds"): its columns, which are
 * required, how each is typed and standardised, and which column identifies a record. Parsing,
 * validation, mappings and data-quality metrics are all driven from these declarations, so a new
 * column is one line in its feed's schema file.
 */

export const FEED_NAMES = [
  'csc-children',
  'csc-placements',
  'education-pupils',
  'health-patients',
  'finance-payments',
  'consents',
] as const;
export type FeedName = (typeof FEED_NAMES)[number];

export function isFeedName(value: string): value is FeedName {
  return (FEED_NAMES as readonly string[]).includes(value);
}

/** What a future date means in a date column. */
export type FuturePolicy =
  /** a future date is impossible here (a birth date, a payment made) → the row is rejected */
  | 'reject'
  /** kept but flagged (csc-children dob: an unborn child's expected date of delivery) */
  | 'flag'
  /** a planned date (end of placement, consent expiry): fine */
  | 'allow';

/** Identifier columns are validated but never reject a row: an invalid one is kept raw and flagged. */
export type IdentifierKind = 'nhs_number' | 'upn' | 'postcode';

export type ColumnSpec =
  | { type: 'text'; name: string; required?: boolean; identifier?: IdentifierKind; personName?: boolean }
  | { type: 'date'; name: string; required?: boolean; future: FuturePolicy; notBefore?: string }
  | { type: 'int'; name: string; required?: boolean; min?: number; max?: number }
  | { type: 'decimal'; name: string; required?: boolean; min?: number; max?: number }
  | { type: 'bool'; name: string; required?: boolean }
  | {
      type: 'enum';
      name: string;
      required?: boolean;
      /** canonical code → accepted spellings (compared case-insensitively, the code itself included) */
      values: Readonly<Record<string, readonly string[]>>;
    };

/** Which source_record identity columns a person feed fills, and from which canonical columns. */
export interface IdentitySpec {
  forename: string;
  middleNames?: string;
  surname: string;
  /** former / preferred surnames: other names the child is known by */
  altSurnames: readonly string[];
  dob: string;
  sex: string;
  postcode: string;
  nhsNumber?: string;
  upn?: string;
}

/** A rule over several columns of one row (e.g. an end date not before its start); returns reasons. */
export type RowCheck = (std: Readonly<Record<string, unknown>>) => string[];

export interface FeedSchema {
  feed: FeedName;
  columns: readonly ColumnSpec[];
  /** The columns whose values, joined, identify a record across loads (a reload is a new version). */
  sourceId: readonly string[];
  identity?: IdentitySpec;
  checks?: readonly RowCheck[];
  /** Extra standardised flags a feed derives from a valid row (e.g. sealed pre-adoption identity). */
  flags?: (std: Readonly<Record<string, unknown>>) => Record<string, boolean>;
}

/** The date before which a birth date is not a child's (implausible, almost always a typing error). */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** Sex as recorded: M/F plus the NHS Data Dictionary's "not known" (0) and "not specified" (9). */
export const SEX_VALUES: Readonly<Record<string, readonly string[]>> = {
  M: ['MALE', '1', 'BOY'],
  F: ['FEMALE', '2', 'GIRL'],
  U: ['UNKNOWN', 'NOT KNOWN', 'NOT SPECIFIED', 'INDETERMINATE', 'X', 'I', 'O', 'OTHER', '0', '9'],
};

/** A check that an end date is not before its start date (both standardised ISO strings). */
export function endNotBeforeStart(start: string, end: string): RowCheck {
  return (std) => {
    const from = std[start];
    const to = std[end];
    return typeof from === 'string' && typeof to === 'string' && to < from
      ? [`${end} is before ${start}`]
      : [];
  };
}

export function columnNames(schema: FeedSchema): string[] {
  return schema.columns.map((c) => c.name);
}

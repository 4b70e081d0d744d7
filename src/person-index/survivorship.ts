import type { PersonSourceRecord } from './person-feeds';

/**
 * Golden record by survivorship (DESIGN.md "Person index"): for each field the value comes from the
 * most trusted feed that has one, and among that feed's records the most recent; every value
 * carries its source record, and the other values seen are listed as alternatives, so conflicts
 * stay visible. Pure: the same rules serve GraphQL, exports and the access views.
 */
export interface ValueSource {
  feed: string;
  sourceId: string;
  sourceRecordId: string;
  /** When the source says the value was true (its own date column), else when it was loaded. */
  asOf: string;
}

export interface SurvivingValue {
  value: string;
  source: ValueSource;
  /** Other values seen for the field, each with every record that gave it. */
  alternatives: Array<{ value: string; sources: ValueSource[] }>;
}

export const GOLDEN_FIELDS = [
  'forename',
  'middleNames',
  'surname',
  'dob',
  'sex',
  'nhsNumber',
  'upn',
  'postcode',
  'address',
  'school',
  'gpPractice',
] as const;
export type GoldenField = (typeof GOLDEN_FIELDS)[number];
export type GoldenRecord = Record<GoldenField, SurvivingValue | null>;

type Feed = 'csc-children' | 'education-pupils' | 'health-patients';

/**
 * Source priority per field, most trusted first. Why:
 * - names, address: social care — workers verify identity and home address in person and record
 *   court-ordered name changes first; schools and GPs learn of them later.
 * - dob, sex, NHS number: health — the NHS number and birth details come from the birth
 *   notification (PDS), the authoritative register; other feeds copy them.
 * - UPN, school: education — the DfE issues the UPN through the school census.
 * - GP practice: only health knows it.
 */
const PRIORITY: Record<GoldenField, readonly Feed[]> = {
  forename: ['csc-children', 'education-pupils', 'health-patients'],
  middleNames: ['csc-children', 'education-pupils', 'health-patients'],
  surname: ['csc-children', 'education-pupils', 'health-patients'],
  dob: ['health-patients', 'csc-children', 'education-pupils'],
  sex: ['health-patients', 'csc-children', 'education-pupils'],
  nhsNumber: ['health-patients', 'csc-children', 'education-pupils'],
  upn: ['education-pupils', 'csc-children'],
  postcode: ['csc-children', 'health-patients', 'education-pupils'],
  address: ['csc-children'],
  school: ['education-pupils'],
  gpPractice: ['health-patients'],
};

/** The column in each feed that dates its record, for recency within a feed. */
const AS_OF_COLUMN: Record<Feed, string> = {
  'csc-children': 'updated_at',
  'education-pupils': 'census_date',
  'health-patients': 'registered_from',
};

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function valueOf(record: PersonSourceRecord, field: GoldenField): string | null {
  switch (field) {
    case 'forename':
      return record.forename;
    case 'middleNames':
      return record.middleNames;
    case 'surname':
      return record.surname;
    case 'dob':
      return record.dob;
    case 'sex':
      return record.sex;
    case 'nhsNumber':
      return record.nhsNumber;
    case 'upn':
      return record.upn;
    case 'postcode':
      return record.postcode;
    case 'address':
      return text(record.payload.address_line1);
    case 'school': {
      const urn = text(record.payload.school_urn);
      const name = text(record.payload.school_name);
      return urn && name ? `${urn} ${name}` : (urn ?? name);
    }
    case 'gpPractice':
      return text(record.payload.gp_practice_code);
  }
}

function asOf(record: PersonSourceRecord): string {
  const column = AS_OF_COLUMN[record.feed as Feed] as string | undefined;
  const stated = column ? text(record.payload[column]) : null;
  if (stated && /^\d{4}-\d{2}-\d{2}/.test(stated)) return stated.slice(0, 10);
  return record.loadedAt.toISOString().slice(0, 10);
}

function sourceOf(record: PersonSourceRecord): ValueSource {
  return { feed: record.feed, sourceId: record.sourceId, sourceRecordId: record.sourceRecordId, asOf: asOf(record) };
}

export function survive(records: readonly PersonSourceRecord[], field: GoldenField): SurvivingValue | null {
  const priority = PRIORITY[field];
  const rank = (feed: string): number => {
    const index = (priority as readonly string[]).indexOf(feed);
    return index < 0 ? priority.length : index;
  };
  const offered: Array<{ value: string; record: PersonSourceRecord; source: ValueSource }> = [];
  for (const record of records) {
    const value = valueOf(record, field);
    if (value !== null && rank(record.feed) < priority.length) offered.push({ value, record, source: sourceOf(record) });
  }
  if (offered.length === 0) return null;
  // Priority, then recency, then the newest load, then the id so ties resolve the same way every time.
  offered.sort(
    (a, b) =>
      rank(a.record.feed) - rank(b.record.feed) ||
      b.source.asOf.localeCompare(a.source.asOf) ||
      b.record.loadedAt.getTime() - a.record.loadedAt.getTime() ||
      a.record.sourceRecordId.localeCompare(b.record.sourceRecordId),
  );
  const winner = offered[0]!;
  const alternatives = new Map<string, ValueSource[]>();
  for (const entry of offered.slice(1)) {
    if (entry.value === winner.value) continue;
    const list = alternatives.get(entry.value) ?? [];
    list.push(entry.source);
    alternatives.set(entry.value, list);
  }
  return {
    value: winner.value,
    source: winner.source,
    alternatives: [...alternatives.entries()].map(([value, sources]) => ({ value, sources })),
  };
}

export function goldenRecord(records: readonly PersonSourceRecord[]): GoldenRecord {
  const golden = {} as GoldenRecord;
  for (const field of GOLDEN_FIELDS) golden[field] = survive(records, field);
  return golden;
}

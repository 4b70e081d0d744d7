import type { PersonSourceRecord } from '../person-index/person-feeds';
import type { RecordFacts } from '../access/policy/record-access';
import { goldenRecord, type GoldenRecord } from '../person-index/survivorship';

/**
 * The identity surviving from a child's non-health records. Survivorship ranks the GP record first
 * for birth date, sex and NHS number (and falls back to its postcode), and a health record is
 * itself health data: a view for a caller with no sharing basis for health (finance, pseudonymised
 * rows) takes its values from the other records only, as the combined record does without one.
 */
export function identityWithoutHealth(records: readonly PersonSourceRecord[]): GoldenRecord {
  return goldenRecord(records.filter((r) => r.feed !== 'health-patients'));
}

/** Payload text, trimmed; blank is unknown. */
export function text(record: PersonSourceRecord | undefined, column: string): string | null {
  const value = record?.payload[column];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Y/N style flags as feeds write them; anything else is unknown. */
export function flag(record: PersonSourceRecord | undefined, column: string): boolean | null {
  const value = text(record, column)?.toLowerCase();
  if (value === undefined || value === null) return null;
  if (['y', 'yes', 'true', '1'].includes(value)) return true;
  if (['n', 'no', 'false', '0'].includes(value)) return false;
  return null;
}

/** csc-children rows with legal_status ADOPTED are sealed pre-adoption identities (DESIGN.md). */
export function isSealed(records: readonly PersonSourceRecord[]): boolean {
  // The feed's standardised flag (the council mapping's code list applied: its own code for an
  // adoption counts), and the value as read as well, for a record loaded before the flag existed.
  return records.some(
    (r) =>
      r.feed === 'csc-children' &&
      (r.sealedPreAdoption || text(r, 'legal_status')?.toUpperCase() === 'ADOPTED'),
  );
}

export function teamsOf(records: readonly PersonSourceRecord[]): string[] {
  return records
    .filter((r) => r.feed === 'csc-children')
    .map((r) => text(r, 'allocated_team'))
    .filter((t): t is string => t !== null);
}

/** Most recent record of a feed (by load time): the one a view shows. */
export function latest(records: readonly PersonSourceRecord[], feed: string): PersonSourceRecord | undefined {
  return records
    .filter((r) => r.feed === feed)
    .sort((a, b) => b.loadedAt.getTime() - a.loadedAt.getTime() || b.sourceId.localeCompare(a.sourceId))[0];
}

/** What record-level access (src/access/policy/record-access.ts) needs to know about a child. */
export function recordFactsOf(records: readonly PersonSourceRecord[]): RecordFacts {
  return {
    sealed: isSealed(records),
    teams: teamsOf(records),
    inSocialCare: records.some((r) => r.feed === 'csc-children'),
  };
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthContext, Purpose, Role } from '../auth-context';

export const CONSENT_BASES = ['consent', 'public_task', 'safeguarding'] as const;
export type ConsentBasis = (typeof CONSENT_BASES)[number];
export const CONSENT_STATUSES = ['granted', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** The latest current consent/basis record covering a child, purpose and recipient decides. */
export type ConsentDecision = 'granted' | 'denied' | 'none';

export interface ConsentRow {
  id: string;
  subjectFeed: string;
  subjectId: string;
  purpose: string;
  recipient: string;
  basis: ConsentBasis;
  status: ConsentStatus;
  validFrom: string | null;
  validTo: string | null;
  recordedBy: string | null;
  recordedAt: string;
  origin: 'feed' | 'api';
}

export interface NewConsent {
  subjectFeed: string;
  subjectId: string;
  purpose: Purpose;
  recipient: string;
  basis: ConsentBasis;
  status: ConsentStatus;
  validFrom: string | null;
  validTo: string | null;
  recordedBy: string;
}

/** Who receives data for a role when the token names no organisation. */
const ROLE_RECIPIENT: Readonly<Record<Role, string>> = {
  social_worker: 'social_care',
  finance: 'finance',
  icb_partner: 'icb',
  analyst: 'analytics',
  data_steward: 'data_management',
};

/** The caller as a recipient: their organisation, else their role's (also keys their pseudonyms). */
export function recipientFor(auth: AuthContext): string {
  return (auth.organisation ?? ROLE_RECIPIENT[auth.role]).toLowerCase();
}

/**
 * Recipients a consent may name to cover this caller: their organisation, their kind of recipient
 * (a consent to share with "icb" covers the council's ICB partners), or anyone ('*').
 */
export function recipientsFor(auth: AuthContext): string[] {
  return [...new Set([recipientFor(auth), ROLE_RECIPIENT[auth.role], '*'])];
}

const DATE = `'^\\d{4}-\\d{2}-\\d{2}$'`;

/**
 * A consent row `c` that is current and covers this purpose and one of these recipients (SQL
 * parameter references). Shared by `decisions` and by reads that fold the decision into their own
 * query (the combined record), so the rule lives in one place.
 */
export function applicableConsent(purpose: string, recipients: string): string {
  return `c.purpose = ${purpose} and c.recipient = any(${recipients})
         and (c.valid_from is null or c.valid_from <= current_date)
         and (c.valid_to is null or c.valid_to >= current_date)`;
}

/**
 * Among applicable records, which decides: ordered by the consent's own dates, never by when a
 * feed happened to be loaded (a feed row's recorded_at is its load time, so a late-loaded old
 * grant would otherwise override a withdrawal made through the API since).
 * 1. the date the record takes effect: valid_from, else the day it was recorded — latest first;
 * 2. the same day: when it was recorded, a feed row counting as recorded at the start of its
 *    valid_from day (its only own date) — so a refusal or withdrawal recorded that day through
 *    the API wins over a feed grant for the same day, and a later API record over an earlier one;
 * 3. still tied (two feed rows for one day): a refusal or withdrawal wins over a grant.
 */
export const CONSENT_PRECEDENCE = `coalesce(c.valid_from, c.recorded_at::date) desc,
  case when c.origin = 'feed' then coalesce(c.valid_from::timestamptz, c.recorded_at) else c.recorded_at end desc,
  (c.status <> 'granted') desc, c.id desc`;

/** A decision from the deciding record's status (none when no record applies). */
export function decisionOf(status: ConsentStatus | null | undefined): ConsentDecision {
  if (status === null || status === undefined) return 'none';
  return status === 'granted' ? 'granted' : 'denied';
}

/**
 * Consent and legal basis per child, purpose and recipient. Records are append-only: a withdrawal
 * is a new record, and the latest current record for (child, purpose, recipient or '*') decides,
 * latest by the consent's own dates (CONSENT_PRECEDENCE).
 * Nothing is cached: every request evaluates against the table, so a withdrawal recorded through
 * the API takes effect on the next request. Consents-feed rows are materialised set-based.
 */
@Injectable()
export class ConsentService {
  private lastFeedSync = 0;
  /** How many completed consents loads this process had seen at its last materialisation. */
  private syncedLoads: string | null = null;
  private syncing: Promise<void> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Materialises current consents-feed source records not yet seen (one INSERT … SELECT). Rows with
   * an unknown basis or status are skipped: they cannot grant anything. Safe to run from several
   * processes at once.
   */
  async syncFromFeed(): Promise<{ inserted: number }> {
    const result = await this.dataSource.query<Array<{ id: string }>>(
      `insert into consent (subject_feed, subject_id, purpose, recipient, basis, status, valid_from, valid_to,
                            recorded_by, recorded_at, origin, source_record_id)
       select btrim(p->>'subject_feed'), btrim(p->>'subject_id'),
              regexp_replace(lower(btrim(p->>'purpose')), '[\\s-]+', '_', 'g'),
              coalesce(nullif(lower(btrim(p->>'recipient')), ''), '*'),
              lower(btrim(p->>'basis')), lower(btrim(p->>'status')),
              case when btrim(p->>'valid_from') ~ ${DATE} then (btrim(p->>'valid_from'))::date end,
              case when btrim(p->>'valid_to') ~ ${DATE} then (btrim(p->>'valid_to'))::date end,
              nullif(btrim(p->>'recorded_by'), ''), s.created_at, 'feed', s.id
       from (select id, created_at, payload as p from source_record where feed = 'consents' and is_current) s
       where not exists (select 1 from consent c where c.source_record_id = s.id)
         and lower(btrim(p->>'basis')) in ('consent', 'public_task', 'safeguarding')
         and lower(btrim(p->>'status')) in ('granted', 'refused', 'withdrawn')
         and coalesce(btrim(p->>'subject_feed'), '') <> '' and coalesce(btrim(p->>'subject_id'), '') <> ''
         -- a blank column is absent from the payload: coalesce, or the null would drop the row
         and (coalesce(btrim(p->>'valid_to'), '') !~ ${DATE} or coalesce(btrim(p->>'valid_from'), '') !~ ${DATE}
              or (btrim(p->>'valid_to'))::date >= (btrim(p->>'valid_from'))::date)
       -- Another process (a second service instance, a CLI beside the service) may be
       -- materialising the same rows at this moment: whichever commits first wins, the other skips.
       on conflict (source_record_id) do nothing
       returning id`,
    );
    this.lastFeedSync = Date.now();
    return { inserted: result.length };
  }

  /**
   * Feed loads are picked up within a second; API-recorded consents apply at once. Concurrent
   * requests share one check rather than each running it, and the check is one probe of the
   * (small) load log: the materialising statement, which reads every current consents record,
   * runs only when a consents load has completed since the last one — by this process or any
   * other (a steward's `childlink ingest` beside the service). Public for reads that evaluate
   * consent in their own query (they must call it first, as `decisions` does).
   */
  syncIfStale(): Promise<unknown> {
    if (Date.now() - this.lastFeedSync <= 1000) return Promise.resolve();
    this.syncing ??= this.syncIfNewLoads().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async syncIfNewLoads(): Promise<void> {
    // A count, not the newest id: loads of a feed run one at a time but not in id order (each
    // waits for the feed's lock after taking its id), and a completed load never changes state.
    const [latest] = await this.dataSource.query<Array<{ loads: string }>>(
      `select count(*)::text as loads from feed_load where feed = 'consents' and status = 'completed'`,
    );
    const completed = latest?.loads ?? null;
    // Records not written by a load that completed (none yet) are synced every time, as before.
    if (completed !== null && completed !== '0' && completed === this.syncedLoads) {
      this.lastFeedSync = Date.now();
      return;
    }
    await this.syncFromFeed();
    this.syncedLoads = completed;
  }

  /**
   * For each person: the decision of the latest current record for this purpose and any of these
   * recipients, over every source record linked to the person (so a consent recorded on the health
   * record covers the child's whole person).
   */
  async decisions(
    personIds: readonly string[],
    purpose: Purpose,
    recipients: readonly string[],
  ): Promise<Map<string, ConsentDecision>> {
    await this.syncIfStale();
    const rows = await this.dataSource.query<Array<{ person_id: string; status: ConsentStatus }>>(
      `select distinct on (pl.person_id) pl.person_id, c.status
       from person_link pl
       join consent c on c.subject_feed = pl.feed and c.subject_id = pl.source_id
       where pl.person_id = any($1::text[]) and ${applicableConsent('$2', '$3::text[]')}
       order by pl.person_id, ${CONSENT_PRECEDENCE}`,
      [personIds, purpose, recipients.map((r) => r.toLowerCase())],
    );
    const out = new Map<string, ConsentDecision>(personIds.map((id) => [id, 'none']));
    for (const row of rows) out.set(row.person_id, decisionOf(row.status));
    return out;
  }

  async record(consent: NewConsent): Promise<ConsentRow> {
    const rows = await this.dataSource.query<RawConsent[]>(
      `insert into consent (subject_feed, subject_id, purpose, recipient, basis, status, valid_from, valid_to, recorded_by, origin)
       values ($1, $2, $3, $4, $5, $6, $7::date, $8::date, $9, 'api') returning *`,
      [
        consent.subjectFeed,
        consent.subjectId,
        consent.purpose,
        consent.recipient.toLowerCase(),
        consent.basis,
        consent.status,
        consent.validFrom,
        consent.validTo,
        consent.recordedBy,
      ],
    );
    return fromRaw(rows[0]!);
  }

  /** Every consent record of a person's source records, newest first. */
  async forPerson(personId: string): Promise<ConsentRow[]> {
    await this.syncIfStale();
    const rows = await this.dataSource.query<RawConsent[]>(
      `select c.* from consent c
       join person_link pl on pl.feed = c.subject_feed and pl.source_id = c.subject_id
       where pl.person_id = $1 order by c.recorded_at desc, c.id desc limit 500`,
      [personId],
    );
    return rows.map(fromRaw);
  }
}

interface RawConsent {
  id: string;
  subject_feed: string;
  subject_id: string;
  purpose: string;
  recipient: string;
  basis: ConsentBasis;
  status: ConsentStatus;
  valid_from: string | Date | null;
  valid_to: string | Date | null;
  recorded_by: string | null;
  recorded_at: Date;
  origin: 'feed' | 'api';
}

function isoDate(value: string | Date | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  // pg returns a date at local midnight: format in local time, not UTC.
  const month = String(value.getMonth() + 1).padStart(2, '0');
  const day = String(value.getDate()).padStart(2, '0');
  return `${value.getFullYear()}-${month}-${day}`;
}

function fromRaw(row: RawConsent): ConsentRow {
  return {
    id: row.id,
    subjectFeed: row.subject_feed,
    subjectId: row.subject_id,
    purpose: row.purpose,
    recipient: row.recipient,
    basis: row.basis,
    status: row.status,
    validFrom: isoDate(row.valid_from),
    validTo: isoDate(row.valid_to),
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
    origin: row.origin,
  };
}

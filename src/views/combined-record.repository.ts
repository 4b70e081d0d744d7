import type { Pool, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import {
  applicableConsent,
  CONSENT_PRECEDENCE,
  decisionOf,
  type ConsentDecision,
  type ConsentStatus,
} from '../access/consent/consent.service';
import type { PersonSourceRecord } from '../person-index/person-feeds';
import { sourceRecordFromRow, type SourceRecordRow } from '../person-index/source-record-row';
import type { PlacementGroup } from '../placements/placement-types';
import type { PlacementRecord } from '../placements/placement.types';

/** Everything one child's combined record is built from, read in one query. */
export interface CombinedRecordRead {
  /** Source records linked to the person (empty: no such current person id). */
  records: PersonSourceRecord[];
  /** Placements through every csc-children record linked to the person, newest first. */
  placements: PlacementRecord[];
  /** Consent for this request's purpose and recipients, evaluated now. */
  consent: ConsentDecision;
}

/** A source record as the query's json_agg builds it: created_at as epoch milliseconds (exact). */
type RecordJson = Omit<SourceRecordRow, 'created_at'> & { loaded_ms: number };

interface PlacementJson {
  placement_id: string;
  la_child_id: string | null;
  person_id: string | null;
  start_date: string | null;
  end_date: string | null;
  placement_type: string | null;
  placement_group: PlacementGroup;
  provider_id: string | null;
  provider_name: string | null;
  reason_for_change: string | null;
}

interface Row {
  n: string;
  records: RecordJson[];
  placements: PlacementJson[];
  consent: ConsentStatus | null;
}

/*
 * The same reads as PersonIndexRepository.recordsOfPersons, PlacementService.placementsForPerson
 * and ConsentService.decisions (same joins, order and consent rule), as three scalar subqueries of
 * one statement: one round trip instead of three, and one pooled connection per request instead
 * of three (under 50 concurrent requests the pool queue, not PostgreSQL, was most of the latency).
 * One row per requested id, in the order asked ($1 may repeat an id: each gets its own row).
 * Placements and consents are reached by index probes from the person's links (LATERAL … OFFSET 0
 * keeps the planner from hashing the whole consent or placement table, as it did on a small one).
 */
const SQL = `select b.n,
  (select coalesce(json_agg(json_build_object(
            'id', s.id::text, 'feed', s.feed, 'source_id', s.source_id, 'version', s.version,
            'loaded_ms', floor(extract(epoch from s.created_at) * 1000),
            'forename', s.forename, 'middle_names', s.middle_names, 'surname', s.surname,
            'alt_surnames', s.alt_surnames, 'dob', s.dob::text, 'sex', s.sex, 'postcode', s.postcode,
            'nhs_number', s.nhs_number, 'upn', s.upn, 'payload', s.payload,
            'sealed', coalesce((s.std->>'sealed_pre_adoption')::boolean, false))
          order by s.feed, s.source_id), '[]'::json)
     from person_link pl join source_record s on s.id = pl.source_record_id
    where pl.person_id = b.id) as records,
  (select coalesce(json_agg(json_build_object(
            'placement_id', pl.placement_id, 'la_child_id', pl.la_child_id, 'person_id', plink.person_id,
            'start_date', pl.start_date::text, 'end_date', pl.end_date::text,
            'placement_type', pl.placement_type, 'placement_group', pl.placement_group,
            'provider_id', pl.provider_id, 'provider_name', pl.provider_name,
            'reason_for_change', pl.reason_for_change)
          order by pl.start_date desc nulls last, pl.placement_id), '[]'::json)
     from person_link plink
          cross join lateral (select * from placement p where p.la_child_id = plink.source_id offset 0) pl
    where plink.feed = 'csc-children' and plink.person_id = b.id) as placements,
  (select c.status
     from person_link pl
          cross join lateral (select * from consent c
                               where c.subject_feed = pl.feed and c.subject_id = pl.source_id
                                 and ${applicableConsent('$2', '$3::text[]')} offset 0) c
    where pl.person_id = b.id
    order by ${CONSENT_PRECEDENCE} limit 1) as consent
from unnest($1::text[]) with ordinality as b(id, n)
order by b.n`;

/** One request's read, waiting for its statement. */
interface Waiter {
  id: string;
  resolve: (read: CombinedRecordRead) => void;
  reject: (error: unknown) => void;
}

/** Reads asked for while earlier ones are on the wire, for one purpose and set of recipients. */
interface Waiting {
  purpose: string;
  recipients: string[];
  waiters: Waiter[];
}

/**
 * Statements on the wire at once; further reads wait and go together in the next one. One: under
 * 50 concurrent requests, PostgreSQL's CPU a request was 0.20-0.24 ms with one, 0.26-0.37 ms with
 * two and 0.37-0.38 ms with four (graphql-load, two runs each, interleaved), at no cost in latency.
 */
const MAX_IN_FLIGHT = 1;
/** Ids in one statement at most. */
const MAX_BATCH = 64;
/**
 * A statement still running after this is given up on (client side), so one stuck statement
 * cannot hold every later read behind it; its reads are failed (masked as an internal error).
 */
const STATEMENT_TIMEOUT_MS = 10_000;

/**
 * The combined record's hot read, on the pg pool under TypeORM (DataSource.query costs a query
 * runner per call) as a named prepared statement: each connection parses and plans it once.
 * Nothing is cached across requests — consent and links are read fresh every time, by each request.
 *
 * Reads are batched across concurrent requests, the way the audit's appends are group-committed:
 * MAX_IN_FLIGHT statements run at once, and reads asked for meanwhile wait and go together in the
 * next statement (one row per read, even for the same id twice: nothing is shared between
 * requests but the round trip). Each round trip wakes a PostgreSQL backend (the writev that does
 * it was ~20% of the event loop's profile under load), and PostgreSQL's CPU a request fell with
 * fewer, larger statements. A lone read is sent at once; batching only happens under concurrency.
 */
export class CombinedRecordRepository {
  private readonly pool: Pool;
  private inFlight = 0;
  private readonly waiting: Waiting[] = [];
  /** Statements sent since this repository was made (tests and diagnostics). */
  statements = 0;

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  read(personId: string, purpose: string, recipients: readonly string[]): Promise<CombinedRecordRead> {
    const lowered = recipients.map((r) => r.toLowerCase());
    return new Promise<CombinedRecordRead>((resolve, reject) => {
      const group = this.waiting.find(
        (w) =>
          w.waiters.length < MAX_BATCH &&
          w.purpose === purpose &&
          w.recipients.length === lowered.length &&
          w.recipients.every((r, i) => r === lowered[i]),
      );
      const waiter = { id: personId, resolve, reject };
      if (group) group.waiters.push(waiter);
      else this.waiting.push({ purpose, recipients: lowered, waiters: [waiter] });
      this.send();
    });
  }

  /** Sends waiting batches while fewer than MAX_IN_FLIGHT statements are out. */
  private send(): void {
    while (this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.waiting.shift();
      if (!batch) return;
      this.inFlight += 1;
      this.statements += 1;
      this.readBatch(batch)
        .then(
          (reads) => batch.waiters.forEach((waiter, i) => waiter.resolve(reads[i] as CombinedRecordRead)),
          (error: unknown) => this.readAlone(batch, error),
        )
        .finally(() => {
          this.inFlight -= 1;
          this.send();
        });
    }
  }

  /**
   * A failed statement of several reads: each is read again on its own, so that whatever failed it
   * (one read's input the database refuses) fails that read alone, not the others batched with it.
   */
  private readAlone(batch: Waiting, error: unknown): void {
    if (batch.waiters.length === 1) {
      batch.waiters[0]?.reject(error);
      return;
    }
    for (const waiter of batch.waiters) {
      this.readBatch({ ...batch, waiters: [waiter] }).then(
        (reads) => waiter.resolve(reads[0] as CombinedRecordRead),
        (alone: unknown) => waiter.reject(alone),
      );
    }
  }

  private async readBatch(batch: Waiting): Promise<CombinedRecordRead[]> {
    const result = await this.pool.query<Row>({
      name: 'childlink_combined_records',
      text: SQL,
      values: [batch.waiters.map((w) => w.id), batch.purpose, batch.recipients],
      query_timeout: STATEMENT_TIMEOUT_MS,
    } as QueryConfig);
    // One row per id, in the order asked: checked, since each row goes to the request at its place.
    if (result.rows.length !== batch.waiters.length || result.rows.some((row, i) => Number(row.n) !== i + 1))
      throw new Error(
        `combined record query returned ${result.rows.length} rows out of order for ${batch.waiters.length} ids`,
      );
    return result.rows.map((row) => ({
      records: row.records.map(({ loaded_ms, ...r }) =>
        sourceRecordFromRow({ ...r, created_at: new Date(loaded_ms) }),
      ),
      placements: row.placements.map((p) => ({
        placementId: p.placement_id,
        laChildId: p.la_child_id,
        personId: p.person_id,
        startDate: p.start_date,
        endDate: p.end_date,
        placementType: p.placement_type,
        placementGroup: p.placement_group,
        providerId: p.provider_id,
        providerName: p.provider_name,
        reasonForChange: p.reason_for_change,
      })),
      consent: decisionOf(row.consent),
    }));
  }
}

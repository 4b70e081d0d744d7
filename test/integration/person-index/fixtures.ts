import type { DataSource } from 'typeorm';
import { refreshBlockKeys } from '../../../src/person-index/block-keys';
import type { RecordRef } from '../../../src/person-index/person-feeds';

/** A source record as a test writes it: identity fields standardised, the rest in the payload. */
export interface TestRecord {
  feed: 'csc-children' | 'education-pupils' | 'health-patients';
  sourceId: string;
  forename?: string | null;
  middleNames?: string | null;
  surname?: string | null;
  altSurnames?: string[] | null;
  dob?: string | null;
  sex?: string | null;
  postcode?: string | null;
  nhsNumber?: string | null;
  upn?: string | null;
  payload?: Record<string, string | null>;
  /** Standardised fields and flags as ingest sets them (sealed_pre_adoption, …). */
  std?: Record<string, unknown>;
}

let loadCounter = 0;

/**
 * Inserts records as one feed load would (a new version when the source id exists), returning
 * source_record ids in order. Small multi-row inserts: tests hold a few hundred records at most.
 */
export async function insertRecords(ds: DataSource, records: readonly TestRecord[]): Promise<string[]> {
  loadCounter++;
  const load = await ds.query<Array<{ id: string }>>(
    `insert into feed_load (feed, file_name, checksum, status) values ('test', $1, $1, 'running') returning id::text`,
    [`fixture-${loadCounter}`],
  );
  const loadId = load[0]?.id;
  const ids: string[] = [];
  for (const r of records) {
    const superseded = await ds.query<[Array<{ id: string }>, number]>(
      `update source_record set is_current = false where feed = $1 and source_id = $2 and is_current returning id::text`,
      [r.feed, r.sourceId],
    );
    const row = await ds.query<Array<{ id: string }>>(
      `insert into source_record (feed, source_id, version, load_id, row_number, content_hash, payload, std,
          forename, middle_names, surname, alt_surnames, dob, sex, postcode, nhs_number, upn)
       values ($1, $2, coalesce((select max(version) from source_record where feed = $1 and source_id = $2), 0) + 1,
          $3, 1, md5($4), $4::jsonb, $14::jsonb, $5, $6, $7, $8, $9::date, $10, $11, $12, $13)
       returning id::text`,
      [
        r.feed, r.sourceId, loadId, JSON.stringify(r.payload ?? {}),
        r.forename ?? null, r.middleNames ?? null, r.surname ?? null, r.altSurnames ?? null, r.dob ?? null,
        r.sex ?? null, r.postcode ?? null, r.nhsNumber ?? null, r.upn ?? null, JSON.stringify(r.std ?? {}),
      ],
    );
    ids.push(row[0]?.id ?? '');
    // As a feed load does: a linked record's blocking keys follow its new version.
    await refreshBlockKeys(ds, superseded[0].map((v) => v.id));
  }
  await ds.query(`update feed_load set status = 'completed', read_count = $2, accepted_count = $2, new_count = $2 where id = $1`, [loadId, records.length]);
  return ids;
}

/** Puts groups of records into persons directly (as a link run would have), returning the person ids. */
export async function seedPersons(ds: DataSource, groups: ReadonlyArray<readonly RecordRef[]>): Promise<string[]> {
  const ids: string[] = [];
  for (const group of groups) {
    const rows = await ds.query<Array<{ id: string }>>(
      `insert into person (id, number) select 'P' || lpad(n::text, 10, '0'), n from (select nextval('person_number_seq') n) s returning id`,
    );
    const personId = rows[0]?.id ?? '';
    ids.push(personId);
    for (const ref of group) {
      await ds.query(
        `insert into person_link (feed, source_id, source_record_id, person_id, rule_set_version, method)
         select feed, source_id, id, $3, 'fixture', 'probabilistic' from source_record where feed = $1 and source_id = $2 and is_current`,
        [ref.feed, ref.sourceId, personId],
      );
    }
  }
  return ids;
}

export async function membersOf(ds: DataSource, personId: string): Promise<string[]> {
  const rows = await ds.query<Array<{ k: string }>>(
    `select feed || '/' || source_id k from person_link where person_id = $1 order by 1`,
    [personId],
  );
  return rows.map((r) => r.k);
}

export function ref(feed: TestRecord['feed'], sourceId: string): RecordRef {
  return { feed, sourceId };
}

import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { withBlockKeyIndexesRebuilt } from './block-keys';
import { copyIn, copyOut, rowsOf, type CopyValue, type Db } from './pg-bulk';
import { PERSON_FEEDS, refKey, type PersonSourceRecord, type RecordRef } from './person-feeds';
import { personIdOf } from './person-id';
import { SOURCE_RECORD_COLUMNS, sourceRecordFromRow, type SourceRecordRow } from './source-record-row';
import { appendRecordRow, emptyRecordTable, RECORD_TABLE_COLUMNS, type RecordTable } from './record-table';
import type { PersonEventType } from './entities/person-event.entity';
import type { LinkMethod } from './entities/person-link.entity';
import type { OverrideDecision, OverrideKind } from './entities/person-override.entity';

export interface CurrentLink {
  personId: string;
  sourceRecordId: string;
}

export interface OverridePair {
  id: string;
  kind: OverrideKind;
  a: RecordRef;
  b: RecordRef;
}

export interface NewEvent {
  personId: string;
  type: PersonEventType;
  payload: Record<string, unknown>;
}

export interface LinkRow {
  feed: string;
  sourceId: string;
  sourceRecordId: string;
  personId: string;
  probability: number | null;
  weight: number | null;
  method: LinkMethod;
}


/** Rows for COPY made one at a time, so a million links never exist twice in memory. */
function* lazily<T>(items: readonly T[], toRow: (item: T) => CopyValue[]): Generator<CopyValue[]> {
  for (const item of items) yield toRow(item);
}

const FEEDS_SQL = PERSON_FEEDS.map((f) => `'${f}'`).join(', ');

/** Every SQL statement of the person index lives here; services hold the rules. */
@Injectable()
export class PersonIndexRepository {
  constructor(@Inject(DataSource) readonly dataSource: DataSource) {}

  /** All active person-feed records (or the given versions), streamed with one COPY. */
  async loadRecordTable(client: PoolClient, sourceRecordIds?: readonly string[]): Promise<RecordTable> {
    const table = emptyRecordTable();
    const only = sourceRecordIds
      ? ` and s.id in (${sourceRecordIds.length ? sourceRecordIds.map((id) => `${BigInt(id)}`).join(',') : 'null'})`
      : '';
    await copyOut(
      client,
      `select ${RECORD_TABLE_COLUMNS} from source_record s where s.is_current and s.feed in (${FEEDS_SQL})${only} order by s.id`,
      (row) => appendRecordRow(table, row),
    );
    return table;
  }

  async loadLinks(client: PoolClient): Promise<Map<string, CurrentLink>> {
    const links = new Map<string, CurrentLink>();
    await copyOut(client, `select feed, source_id, person_id, source_record_id from person_link`, (row) => {
      links.set(refKey({ feed: row[0] ?? '', sourceId: row[1] ?? '' }), { personId: row[2] ?? '', sourceRecordId: row[3] ?? '' });
    });
    return links;
  }

  async activeOverrides(client: PoolClient): Promise<OverridePair[]> {
    const result = await client.query<{ id: string; kind: OverrideKind; fa: string; sa: string; fb: string; sb: string }>(
      `select id, kind, feed_a fa, source_id_a sa, feed_b fb, source_id_b sb from person_override where active order by id`,
    );
    return result.rows.map((r) => ({ id: r.id, kind: r.kind, a: { feed: r.fa, sourceId: r.sa }, b: { feed: r.fb, sourceId: r.sb } }));
  }

  /** Records that are active but not linked, or linked through an older version. */
  async pendingSourceRecordIds(client: PoolClient): Promise<string[]> {
    const result = await client.query<{ id: string }>(
      `select s.id from source_record s
         left join person_link pl on pl.feed = s.feed and pl.source_id = s.source_id
        where s.is_current and s.feed in (${FEEDS_SQL})
          and (pl.source_record_id is null or pl.source_record_id <> s.id)
        order by s.id`,
    );
    return result.rows.map((r) => r.id);
  }

  async countActiveRecords(client: PoolClient): Promise<{ records: number; maxId: string }> {
    const result = await client.query<{ records: number; max_id: string | null }>(
      `select count(*)::int records, max(id)::text max_id from source_record where is_current and feed in (${FEEDS_SQL})`,
    );
    const row = result.rows[0];
    return { records: row?.records ?? 0, maxId: row?.max_id ?? '0' };
  }

  async allocatePersonIds(client: PoolClient, count: number): Promise<string[]> {
    if (count === 0) return [];
    const result = await client.query<{ n: string }>(
      `select nextval('person_number_seq')::text n from generate_series(1, $1::int)`,
      [count],
    );
    const ids = result.rows.map((r) => personIdOf(r.n));
    await client.query(`insert into person (id, number) select id, substr(id, 2)::bigint from unnest($1::text[]) id`, [ids]);
    return ids;
  }

  async insertEvents(client: PoolClient, events: readonly NewEvent[], runId: string | null): Promise<void> {
    if (events.length === 0) return;
    if (events.length < 50) {
      await client.query(
        `insert into person_event (person_id, type, payload, run_id)
         select * from unnest($1::text[], $2::text[], $3::jsonb[], $4::bigint[])`,
        [events.map((e) => e.personId), events.map((e) => e.type), events.map((e) => JSON.stringify(e.payload)), events.map(() => runId)],
      );
      return;
    }
    await copyIn(
      client,
      'person_event',
      ['person_id', 'type', 'payload', 'run_id'],
      lazily(events, (e): CopyValue[] => [e.personId, e.type, JSON.stringify(e.payload), runId]),
    );
  }

  /**
   * Replaces the link table with the given rows (a batch run sees every active record): links of
   * records no longer active go, changed links are updated, unchanged ones keep their linked_at.
   */
  async replaceLinks(client: PoolClient, rows: readonly LinkRow[], ruleSetVersion: string, runId: string, empty = false): Promise<void> {
    if (empty) {
      // First run: nothing to reconcile, so the rows go straight in; the trigger on person_link
      // writes every record's blocking keys, into a key table whose indexes are built afterwards.
      await withBlockKeyIndexesRebuilt(client, () =>
        copyIn(
          client,
          'person_link',
          ['feed', 'source_id', 'source_record_id', 'person_id', 'rule_set_version', 'match_probability', 'match_weight', 'method', 'run_id'],
          lazily(rows, (r): CopyValue[] => [r.feed, r.sourceId, r.sourceRecordId, r.personId, ruleSetVersion, r.probability, r.weight, r.method, runId]),
        ),
      );
      await client.query('analyze person_block_key');
      return;
    }
    await client.query(`create temp table new_link (
        feed text, source_id text, source_record_id bigint, person_id text,
        match_probability double precision, match_weight double precision, method text) on commit drop`);
    await copyIn(
      client,
      'new_link',
      ['feed', 'source_id', 'source_record_id', 'person_id', 'match_probability', 'match_weight', 'method'],
      lazily(rows, (r): CopyValue[] => [r.feed, r.sourceId, r.sourceRecordId, r.personId, r.probability, r.weight, r.method]),
    );
    await client.query(`create unique index on new_link (feed, source_id)`);
    await client.query(`analyze new_link`);
    await client.query(
      `delete from person_link pl where not exists (select 1 from new_link n where n.feed = pl.feed and n.source_id = pl.source_id)`,
    );
    await client.query(
      `insert into person_link as pl (feed, source_id, source_record_id, person_id, rule_set_version, match_probability, match_weight, method, run_id)
       select feed, source_id, source_record_id, person_id, $1, match_probability, match_weight, method, $2 from new_link
       on conflict (feed, source_id) do update set
         source_record_id = excluded.source_record_id, person_id = excluded.person_id,
         rule_set_version = excluded.rule_set_version, match_probability = excluded.match_probability,
         match_weight = excluded.match_weight, method = excluded.method, run_id = excluded.run_id,
         linked_at = case when pl.person_id = excluded.person_id then pl.linked_at else now() end
       where (pl.source_record_id, pl.person_id, pl.rule_set_version, pl.match_probability, pl.method)
             is distinct from (excluded.source_record_id, excluded.person_id, excluded.rule_set_version, excluded.match_probability, excluded.method)`,
      [ruleSetVersion, runId],
    );
    await client.query(`drop table new_link`);
  }

  async upsertLink(client: PoolClient, row: LinkRow, ruleSetVersion: string, runId: string | null): Promise<void> {
    await client.query(
      `insert into person_link (feed, source_id, source_record_id, person_id, rule_set_version, match_probability, match_weight, method, run_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (feed, source_id) do update set
         source_record_id = excluded.source_record_id, person_id = excluded.person_id,
         rule_set_version = excluded.rule_set_version, match_probability = excluded.match_probability,
         match_weight = excluded.match_weight, method = excluded.method, run_id = excluded.run_id, linked_at = now()`,
      [row.feed, row.sourceId, row.sourceRecordId, row.personId, ruleSetVersion, row.probability, row.weight, row.method, runId],
    );
  }

  /** Persons that kept no records are merged into the person that took most of them (a redirect). */
  async markMerged(client: PoolClient, merges: ReadonlyArray<{ personId: string; into: string }>): Promise<void> {
    if (merges.length === 0) return;
    await client.query(
      `update person p set status = 'merged', redirect_to = m.into_id, updated_at = now()
         from unnest($1::text[], $2::text[]) m(id, into_id) where p.id = m.id`,
      [merges.map((m) => m.personId), merges.map((m) => m.into)],
    );
  }

  /** Active persons left with no records at all (their records left the feeds) are retired. */
  async retireEmptyPersons(client: PoolClient): Promise<string[]> {
    const result = await client.query<{ id: string }>(
      `update person p set status = 'retired', updated_at = now()
        where p.status = 'active' and not exists (select 1 from person_link pl where pl.person_id = p.id)
        returning id`,
    );
    return result.rows.map((r) => r.id);
  }

  /** Follows redirects from any id ever issued to the person it now is (null when unknown). */
  async resolvePersonId(db: Db, id: string): Promise<{ id: string; status: string } | null> {
    const sql = `with recursive chain(id, redirect_to, status, depth) as (
        select id, redirect_to, status, 0 from person where id = $1
        union all
        select p.id, p.redirect_to, p.status, c.depth + 1 from person p join chain c on p.id = c.redirect_to where c.depth < 100)
      select id, status from chain where redirect_to is null order by depth desc limit 1`;
    const rows = await rowsOf<{ id: string; status: string }>(db, sql, [id]);
    return rows[0] ?? null;
  }

  async recordsOfPersons(db: Db, personIds: readonly string[]): Promise<Map<string, PersonSourceRecord[]>> {
    const sql = `select pl.person_id, ${SOURCE_RECORD_COLUMNS}
      from person_link pl join source_record s on s.id = pl.source_record_id
      where pl.person_id = any($1::text[]) order by pl.person_id, s.feed, s.source_id`;
    const rows = await rowsOf<SourceRecordRow & { person_id: string }>(db, sql, [personIds]);
    const byPerson = new Map<string, PersonSourceRecord[]>(personIds.map((id) => [id, []]));
    for (const r of rows) byPerson.get(r.person_id)?.push(sourceRecordFromRow(r));
    return byPerson;
  }

  async insertOverrides(
    client: PoolClient,
    kind: OverrideKind,
    pairs: ReadonlyArray<[RecordRef, RecordRef]>,
    decision: OverrideDecision,
    decidedBy: string,
    reason: string,
  ): Promise<void> {
    if (pairs.length === 0) return;
    await client.query(
      `insert into person_override (kind, feed_a, source_id_a, feed_b, source_id_b, decision, decided_by, reason)
       select $1, fa, sa, fb, sb, $6, $7, $8 from unnest($2::text[], $3::text[], $4::text[], $5::text[]) p(fa, sa, fb, sb)`,
      [
        kind,
        pairs.map((p) => p[0].feed),
        pairs.map((p) => p[0].sourceId),
        pairs.map((p) => p[1].feed),
        pairs.map((p) => p[1].sourceId),
        decision,
        decidedBy,
        reason,
      ],
    );
  }

  /** Withdraws active overrides of a kind between any record of one set and any of the other. */
  async withdrawOverridesBetween(
    client: PoolClient,
    kind: OverrideKind,
    left: readonly RecordRef[],
    right: readonly RecordRef[],
    withdrawnBy: string,
    reason: string,
  ): Promise<number> {
    if (left.length === 0 || right.length === 0) return 0;
    const result = await client.query(
      `with l(feed, source_id) as (select * from unnest($2::text[], $3::text[])),
            r(feed, source_id) as (select * from unnest($4::text[], $5::text[]))
       update person_override o set active = false, withdrawn_by = $6, withdrawn_at = now(), withdrawn_reason = $7
        where o.active and o.kind = $1 and (
          (exists (select 1 from l where l.feed = o.feed_a and l.source_id = o.source_id_a)
             and exists (select 1 from r where r.feed = o.feed_b and r.source_id = o.source_id_b))
          or (exists (select 1 from r where r.feed = o.feed_a and r.source_id = o.source_id_a)
             and exists (select 1 from l where l.feed = o.feed_b and l.source_id = o.source_id_b)))`,
      [kind, left.map((x) => x.feed), left.map((x) => x.sourceId), right.map((x) => x.feed), right.map((x) => x.sourceId), withdrawnBy, reason],
    );
    return result.rowCount ?? 0;
  }

  async lockIndex(client: PoolClient): Promise<void> {
    // One writer at a time: link runs and steward decisions must not interleave.
    await client.query(`select pg_advisory_xact_lock(hashtext('childlink:person-index'))`);
  }
}

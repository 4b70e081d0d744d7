import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import type { FieldQuality } from './validate/row-validator';

/** The columns of the per-load staging table, in COPY order. */
export const STAGE_COLUMNS = [
  'line',
  'source_id',
  'raw',
  'id_state',
  'reasons',
  'payload',
  'std',
  'content_hash',
  'forename',
  'middle_names',
  'surname',
  'alt_surnames',
  'dob',
  'sex',
  'postcode',
  'nhs_number',
  'upn',
  'identifiers',
] as const;

export interface NewLoad {
  feed: string;
  fileName: string;
  checksum: string;
  mapping: string;
  format: string;
}

/** What a load learns once and keeps across its batches. */
export interface BatchState {
  analysed: boolean;
  /** Whether the feed had any record when the load began; null until asked. */
  feedHasRecords: boolean | null;
}

export interface AppliedCounts {
  rejected: number;
  inserted: number;
  changed: number;
  good: number;
}

/**
 * The SQL of a load. Rows arrive by COPY into a temporary staging table; everything after that is
 * set-based: duplicate source ids, quarantine, superseding changed records, inserting new
 * versions, data-quality metrics. The load record itself is written outside the load's
 * transaction so a failed load still leaves its record (status failed, with the error).
 */
@Injectable()
export class IngestRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createLoad(load: NewLoad): Promise<string> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `insert into feed_load (feed, file_name, checksum, mapping, format, status)
       values ($1, $2, $3, $4, $5, 'running') returning id`,
      [load.feed, load.fileName, load.checksum, load.mapping, load.format],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('feed_load insert returned no id');
    return String(id);
  }

  /** Separate transaction: the load's own work has been rolled back, the failure is kept. */
  async failLoad(loadId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `update feed_load set status = 'failed', finished_at = now(), error = $2,
              read_count = 0, accepted_count = 0, rejected_count = 0, unchanged_count = 0, new_count = 0, changed_count = 0
       where id = $1`,
      [loadId, error.slice(0, 2000)],
    );
  }

  /** One connection, one transaction; the raw pg client is handed over because COPY needs it. */
  async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    await runner.startTransaction();
    try {
      const result = await work(client);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Loads of one feed run one at a time (two at once would race to supersede the same records);
   * loads of different feeds run in parallel. Released at commit or rollback. Before waiting for
   * the feed, the load takes a lock on its own id, held while its transaction lives: a `running`
   * load whose id lock is free has no live transaction (its process was killed mid-load).
   */
  async lockFeed(client: PoolClient, feed: string, loadId: string): Promise<void> {
    await client.query(
      `select pg_advisory_xact_lock(hashtext('childlink.feed_load_alive'), ($1::bigint % 2147483647)::int)`,
      [loadId],
    );
    await client.query(`select pg_advisory_xact_lock(hashtext('childlink.feed_load'), hashtext($1))`, [feed]);
  }

  /**
   * Under the feed's lock: earlier loads of the feed still `running` whose own id lock is free
   * were interrupted (a killed process leaves its record behind; its transaction rolled back).
   * A live one (waiting for the feed lock, or between its transaction and recording its failure)
   * holds its id lock and is left alone. Returns how many were marked.
   */
  async failInterruptedLoads(client: PoolClient, feed: string, loadId: string): Promise<number> {
    const result = await client.query(
      `update feed_load set status = 'failed', finished_at = now(), error = 'interrupted',
              read_count = 0, accepted_count = 0, rejected_count = 0, unchanged_count = 0, new_count = 0, changed_count = 0
       where id in (select id from feed_load where feed = $1 and status = 'running' and id < $2::bigint)
         and pg_try_advisory_xact_lock(hashtext('childlink.feed_load_alive'), (id % 2147483647)::int)`,
      [feed, loadId],
    );
    return result.rowCount ?? 0;
  }

  async createStage(client: PoolClient): Promise<void> {
    // Temporary: not WAL-logged, private to this transaction, dropped at commit or rollback.
    // payload and std are staged as text and parsed to jsonb only when inserted: an unchanged
    // row (most of a reload) never pays for jsonb parsing, over half of the COPY's cost (measured).
    // feed_stage holds one batch at a time; feed_seen and feed_ids span the whole file (first line
    // of each source id, for duplicates across batches; identifier values, for uniqueness).
    await client.query(`
      create temporary table feed_stage (
        line integer not null, source_id text, raw text, id_state text, reasons text[],
        payload text, std text, content_hash text,
        forename text, middle_names text, surname text, alt_surnames text[], dob date, sex text,
        postcode text, nhs_number text, upn text, identifiers text[]
      ) on commit drop;
      create temporary table feed_seen (source_id text primary key, line integer not null) on commit drop;
      create temporary table feed_ids (i integer not null, v text not null) on commit drop`);
  }

  /** Streams COPY text into the staging table (back-pressure from the server). */
  async copyIntoStage(client: PoolClient, lines: Readable): Promise<void> {
    const stream = client.query(copyFrom(`copy feed_stage (${STAGE_COLUMNS.join(', ')}) from stdin`));
    await pipeline(lines, stream);
  }

  /**
   * A source_record never analysed with rows in it (a new database's first load) makes the
   * planner guess a few dozen rows from the wide jsonb columns and plan joins that compare every
   * staged row with every record: quadratic. One ANALYZE once rows exist gives it the real row
   * density, which it then scales by the table's actual size as the load grows it.
   */
  async ensurePlannerStatistics(client: PoolClient): Promise<boolean> {
    const stats = await client.query<{ reltuples: number }>(
      `select reltuples from pg_class where oid = 'source_record'::regclass`,
    );
    if ((stats.rows[0]?.reltuples ?? 0) > 0) return true;
    await client.query('analyze source_record');
    const after = await client.query<{ reltuples: number }>(
      `select reltuples from pg_class where oid = 'source_record'::regclass`,
    );
    return (after.rows[0]?.reltuples ?? 0) > 0;
  }

  /** Applies the staged batch: duplicates, quarantine, superseded versions, new versions. */
  async applyBatch(
    client: PoolClient,
    loadId: string,
    feed: string,
    /** Rows of the batch staged without reasons (after the duplicates the loader found itself). */
    stagedGood: number,
    state: BatchState = { analysed: false, feedHasRecords: null },
  ): Promise<AppliedCounts> {
    // Once statistics exist they stay for the rest of the load: checked until then, not per batch.
    if (!state.analysed) state.analysed = await this.ensurePlannerStatistics(client);
    // Under the feed's lock, so no other load adds records meanwhile; this load's own records
    // cannot be found by a later batch of it either (the file's duplicates are quarantined).
    if (state.feedHasRecords === null) {
      const found = await client.query<{ found: boolean }>(
        `select exists (select 1 from source_record where feed = $1) as found`,
        [feed],
      );
      state.feedHasRecords = found.rows[0]?.found ?? true;
    }
    // Every statement of the batch goes in one round trip (simple protocol, so the load's id and
    // feed are inlined as literals, both checked): PostgreSQL runs them back to back instead of
    // waiting, between statements, on an event loop that is busy parsing the next batch.
    if (!/^\d+$/.test(loadId)) throw new Error(`not a load id: ${loadId}`);
    const load = `${loadId}::bigint`;
    const feedText = `'${feed.replace(/'/g, "''")}'`;
    const recordColumns = `payload, std, forename, middle_names, surname, alt_surnames, dob, sex, postcode, nhs_number, upn`;
    const insertColumns = `feed, source_id, version, is_current, load_id, row_number, content_hash, ${recordColumns}`;
    const values = (version: string): string =>
      `${feedText}, s.source_id, ${version}, true, ${load}, s.line, s.content_hash, s.payload::jsonb, s.std::jsonb,
             s.forename, s.middle_names, s.surname, s.alt_surnames, s.dob, s.sex, s.postcode, s.nhs_number, s.upn`;
    const write = state.feedHasRecords
      ? `
      -- One probe per staged row, in the (feed, source_id, version) index from the top: a record's
      -- highest version is its current one when it has one. Identical to it: unchanged (nothing
      -- written). Different: the current version is superseded and version + 1 inserted. None:
      -- version 1 (or one more than the highest, for a record with no current version). The LIMIT
      -- keeps the lateral probe a probe (never flattened into a join that could read the feed); the
      -- probe results are kept by line and joined back to the (small) stage by hash.
      with probed as materialized (
        select s.line, p.id as prev_id, p.version as prev_version, p.is_current and p.content_hash = s.content_hash as same,
               p.is_current and p.content_hash <> s.content_hash as changed
        from feed_stage s
        left join lateral (
          select v.id, v.version, v.is_current, v.content_hash from source_record v
          where v.feed = ${feedText} and v.source_id = s.source_id
          order by v.version desc limit 1) p on true
        where s.reasons is null),
      superseded as (
        update source_record c set is_current = false
        where c.id = any(array(select prev_id from probed where changed))
        returning 1),
      inserted as (
        -- Not before the superseding above has run to its end (the initplan's count is taken before
        -- the first row is inserted), so the one-current-version-per-record index holds throughout.
        insert into source_record (${insertColumns})
        select ${values('coalesce(p.prev_version, 0) + 1')}
        from feed_stage s join probed p on p.line = s.line
        where s.reasons is null and p.same is not true
          and (select count(*) from superseded) >= 0
        returning 1)
      select (select count(*) from superseded) as changed, (select count(*) from inserted) as inserted;`
      : `
      -- The feed had no records when the load began: every good row is a new record, version 1.
      with inserted as (
        insert into source_record (${insertColumns})
        select ${values('1')} from feed_stage s where s.reasons is null
        returning 1)
      select 0 as changed, (select count(*) from inserted) as inserted;`;
    const results = (await client.query(`
      -- A source id seen again later in the file: the first occurrence stands, later ones are
      -- quarantined (which of two conflicting rows is right cannot be known from the file). The
      -- loader marked the certain first occurrences (id_state n: remembered in feed_seen, no lookup)
      -- and the duplicates it could place itself; the rows it could not rule out (id_state c) are
      -- grouped here and probed once per id in feed_seen (the whole file's ids so far).
      with firsts as (
        select source_id, min(line) as first_line, count(*) as n from feed_stage
        where id_state = 'c' group by source_id),
      earlier as materialized (
        select f.source_id, f.first_line, f.n,
               (select seen.line from feed_seen seen where seen.source_id = f.source_id) as seen_line
        from firsts f),
      remembered as (
        insert into feed_seen (source_id, line)
        select source_id, first_line from earlier where seen_line is null
        union all
        select source_id, line from feed_stage where id_state = 'n'),
      marked as (
        update feed_stage s
        set reasons = coalesce(s.reasons, '{}') || ('duplicate source id in this file (first at line ' || coalesce(e.seen_line, e.first_line) || ')')
        from earlier e
        where s.id_state = 'c' and s.source_id = e.source_id and (e.seen_line is not null or (e.n > 1 and s.line > e.first_line))
        returning s.reasons)
      -- A row whose only reason is the duplicate was good when staged: it leaves the good count.
      select count(*) filter (where cardinality(reasons) = 1) as good_lost from marked;

      insert into feed_ids (i, v)
      select u.i, u.v from feed_stage, unnest(identifiers) with ordinality as u(v, i) where u.v is not null;

      insert into quarantine_row (load_id, row_number, raw, reasons)
      select ${load}, line, raw, reasons from feed_stage where reasons is not null order by line;
      ${write}
      truncate feed_stage`)) as unknown as Array<QueryResult<{ good_lost?: string; changed?: string; inserted?: string }>>;
    const [duplicates, , quarantined] = results;
    const written = results.find((r) => r.command === 'SELECT' && r.fields.some((f) => f.name === 'inserted'));
    if (!duplicates || !quarantined || !written || results.length !== 5)
      throw new Error(`a staged batch's statements returned ${results.length} results`);
    return {
      rejected: quarantined.rowCount ?? 0,
      inserted: Number(written.rows[0]?.inserted ?? 0),
      changed: Number(written.rows[0]?.changed ?? 0),
      good: stagedGood - Number(duplicates.rows[0]?.good_lost ?? 0),
    };
  }

  /**
   * Completeness and validity come from counters kept while streaming; uniqueness (distinct and
   * duplicate values) of the source id and of each identifier is counted over the whole file.
   * duplicate_values = values considered − distinct values: how many rows repeat an earlier value.
   */
  async writeQuality(
    client: PoolClient,
    loadId: string,
    quality: FieldQuality,
    sourceIdField: string,
    sourceIdsPresent: number,
  ): Promise<void> {
    const ids = await client.query<{ d: string }>(`select count(*) as d from feed_seen`);
    const identifiers = await client.query<{ i: string; n: string; d: string }>(
      `select i, count(*) as n, count(distinct v) as d from feed_ids group by i`,
    );
    const uniqueness = new Map<string, { distinct: number; duplicate: number }>();
    const distinctIds = Number(ids.rows[0]?.d ?? 0);
    uniqueness.set(sourceIdField, { distinct: distinctIds, duplicate: sourceIdsPresent - distinctIds });
    for (const row of identifiers.rows) {
      const field = quality.identifierColumns[Number(row.i) - 1];
      if (field) uniqueness.set(field, { distinct: Number(row.d), duplicate: Number(row.n) - Number(row.d) });
    }
    const fields = [...quality.columns];
    const present = [...quality.present];
    const valid = [...quality.valid];
    const flagged = [...quality.flagged];
    if (!fields.includes(sourceIdField)) {
      // A composite source id (consents) gets its own line.
      fields.push(sourceIdField);
      present.push(sourceIdsPresent);
      valid.push(sourceIdsPresent);
      flagged.push(0);
    }
    await client.query(
      `insert into data_quality_metric (load_id, field, rows_total, rows_present, rows_valid, distinct_values, duplicate_values, rows_flagged)
       select $1, f, $2, p, v, d, dup, fl
       from unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[]) as t(f, p, v, d, dup, fl)`,
      [
        loadId,
        quality.rows,
        fields,
        present,
        valid,
        fields.map((f) => uniqueness.get(f)?.distinct ?? null),
        fields.map((f) => uniqueness.get(f)?.duplicate ?? null),
        flagged,
      ],
    );
  }

  async completeLoad(
    client: PoolClient,
    loadId: string,
    counts: { read: number; accepted: number; rejected: number; unchanged: number; changed: number },
  ): Promise<void> {
    await client.query(
      `update feed_load set status = 'completed', finished_at = now(), error = null, read_count = $2, accepted_count = $3,
              rejected_count = $4, unchanged_count = $5, changed_count = $6, new_count = $7
       where id = $1`,
      [
        loadId,
        counts.read,
        counts.accepted,
        counts.rejected,
        counts.unchanged,
        counts.changed,
        counts.accepted - counts.changed,
      ],
    );
  }
}

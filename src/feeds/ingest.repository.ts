import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { refreshBlockKeys } from '../person-index/block-keys';
import { LoadInvariantError } from './feed-errors';
import type { FieldQuality } from './validate/row-validator';

/** The columns of the checker's per-batch table, in COPY order. */
export const CHECK_COLUMNS = ['line', 'source_id', 'id_state', 'content_hash', 'identifiers'] as const;

/** The columns of source_record a load writes, in COPY order. */
export const RECORD_COLUMNS = [
  'feed',
  'source_id',
  'version',
  'load_id',
  'row_number',
  'content_hash',
  'payload',
  'std',
  'forename',
  'middle_names',
  'surname',
  'alt_surnames',
  'dob',
  'sex',
  'postcode',
  'nhs_number',
  'upn',
] as const;

export interface NewLoad {
  feed: string;
  fileName: string;
  checksum: string;
  mapping: string;
  format: string;
}

/** What the checker found for a batch, by line. */
export interface BatchVerdicts {
  /** Later occurrences of a source id found against earlier batches: line → the first occurrence's line. */
  duplicates: Map<number, number>;
  /** Good rows whose record exists: line → its highest version (current or not) and whether it is identical. */
  existing: Map<number, { id: string; version: number; current: boolean; same: boolean }>;
}

/** A batch as the writer applies it: COPY text chunks and the ids of the versions it supersedes. */
export interface BatchWrites {
  quarantine: string[];
  records: string[];
  superseded: string[];
}

/**
 * The SQL of a load, on two connections. The checker (`withChecker`, `checkBatch`) is sent each
 * batch's source ids, content hashes and identifier values by COPY and answers which rows repeat an
 * earlier source id and which records exist (one index probe per good row), keeping the file's ids
 * and identifier values for the data-quality metrics. The writer, in the load's one transaction,
 * supersedes changed records and COPYs quarantined rows and new versions straight into their
 * tables (`writeBatch`). The load record itself is written outside the load's transaction so a
 * failed load still leaves its record (status failed, with the error).
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

  /**
   * The load's second connection, the checker: it reads source_record and keeps the file's source
   * ids and identifier values in temporary tables, while the load's own connection (the writer)
   * only writes. Opened under the feed's lock (taken by the writer), so the committed records it
   * probes are the ones the load supersedes: no other load of the feed can commit meanwhile, and
   * the load's own writes, which it cannot see, could only matter to a later occurrence of the same
   * source id, a duplicate it quarantines anyway. It writes nothing lasting: its transaction is
   * rolled back whatever happens. Were a probe ever stale, the writer's unique indexes and the
   * superseded-count check below refuse the load rather than write a wrong version.
   */
  async withChecker<T>(work: (checker: PoolClient) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const checker = (await runner.connect()) as PoolClient;
    await runner.startTransaction();
    try {
      // Temporary: not WAL-logged, private to this connection, dropped at rollback. feed_check
      // holds one batch; feed_seen and feed_ids span the whole file (first line of each source id,
      // for duplicates across batches; identifier values, for uniqueness).
      await checker.query(`
        create temporary table feed_check (
          line integer not null, source_id text, id_state text, content_hash text, identifiers text[]
        ) on commit drop;
        create temporary table feed_seen (source_id text primary key, line integer not null) on commit drop;
        create temporary table feed_ids (i integer not null, v text not null) on commit drop`);
      return await work(checker);
    } finally {
      try {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
    }
  }

  /**
   * Once per load, before its first batch: whether the feed has any record (none: nothing to probe
   * and nothing to supersede; the feed's lock keeps it so for the whole load).
   */
  async feedHasRecords(checker: PoolClient, feed: string): Promise<boolean> {
    const found = await checker.query<{ found: boolean }>(
      `select exists (select 1 from source_record where feed = $1) as found`,
      [feed],
    );
    return found.rows[0]?.found ?? true;
  }

  /**
   * A source_record never analysed with rows in it (a new database's first loads) leaves
   * the planner guessing a few dozen rows from the wide jsonb columns: the writer's superseding
   * (`id = any(…)`) must be planned as index probes, not a scan. One ANALYZE once rows exist gives
   * it the real row density, which it then scales by the table's actual size. Run on a pooled
   * connection of its own, outside the load's transactions: its lock on source_record lasts only
   * as long as the ANALYZE, and the statistics it gathers are kept.
   */
  async ensurePlannerStatistics(): Promise<void> {
    const stats = await this.dataSource.query<Array<{ reltuples: number }>>(
      `select reltuples from pg_class where oid = 'source_record'::regclass`,
    );
    if ((stats[0]?.reltuples ?? 0) <= 0) await this.dataSource.query('analyze source_record');
  }

  /**
   * The checker's part of a batch: the rows' source ids, content hashes and identifiers arrive by
   * COPY; duplicates the loader could not rule out are looked up in feed_seen, identifier values
   * remembered, and each good row's record probed once. Only what is not the common case comes
   * back: the duplicates found here and the rows whose record already exists.
   */
  async checkBatch(
    checker: PoolClient,
    feed: string,
    lines: Readable,
    feedHasRecords: boolean,
  ): Promise<BatchVerdicts> {
    await pipeline(
      lines,
      checker.query(copyFrom(`copy feed_check (${CHECK_COLUMNS.join(', ')}) from stdin`)),
    );
    const feedText = `'${feed.replace(/'/g, "''")}'`;
    // One round trip (simple protocol, so the feed is inlined as a literal, quoted).
    const results = (await checker.query(`
      -- A source id seen again later in the file: the first occurrence stands, later ones are
      -- quarantined (which of two conflicting rows is right cannot be known from the file). The
      -- loader marked the certain first occurrences (id_state n: remembered in feed_seen, no lookup)
      -- and placed the duplicates it could itself; the rows it could not rule out (id_state c) are
      -- grouped here and probed once per id in feed_seen (the whole file's ids so far).
      with firsts as (
        select source_id, min(line) as first_line, count(*) as n from feed_check
        where id_state = 'c' group by source_id),
      earlier as materialized (
        select f.source_id, f.first_line, f.n,
               (select seen.line from feed_seen seen where seen.source_id = f.source_id) as seen_line
        from firsts f),
      remembered as (
        insert into feed_seen (source_id, line)
        select source_id, first_line from earlier where seen_line is null
        union all
        select source_id, line from feed_check where id_state = 'n')
      select c.line, coalesce(e.seen_line, e.first_line) as first_line
      from feed_check c join earlier e on e.source_id = c.source_id
      where c.id_state = 'c' and (e.seen_line is not null or (e.n > 1 and c.line > e.first_line));

      insert into feed_ids (i, v)
      select u.i, u.v from feed_check, unnest(identifiers) with ordinality as u(v, i) where u.v is not null;
      ${
        feedHasRecords
          ? `
      -- One probe per good row, in the (feed, source_id, version) index from the top: a record's
      -- highest version is its current one when it has one. The LIMIT keeps the lateral probe a
      -- probe (never flattened into a join that could read the whole feed). A duplicate's probe is
      -- wasted but harmless: the loader quarantines it whatever its record.
      select c.line, p.id, p.version, p.is_current, p.content_hash = c.content_hash as same
      from feed_check c
      join lateral (
        select v.id, v.version, v.is_current, v.content_hash from source_record v
        where v.feed = ${feedText} and v.source_id = c.source_id
        order by v.version desc limit 1) p on true
      where c.content_hash is not null;`
          : '-- The feed had no records when the load began (and its lock keeps it so): nothing to probe.'
      }
      truncate feed_check`)) as unknown as Array<QueryResult<Record<string, string | boolean | null>>>;
    const [duplicateRows, , probed] = results;
    if (!duplicateRows || results.length !== (feedHasRecords ? 4 : 3))
      throw new Error(`a checked batch's statements returned ${results.length} results`);
    const verdicts: BatchVerdicts = { duplicates: new Map(), existing: new Map() };
    for (const row of duplicateRows.rows) verdicts.duplicates.set(Number(row.line), Number(row.first_line));
    if (feedHasRecords && probed)
      for (const row of probed.rows)
        verdicts.existing.set(Number(row.line), {
          id: String(row.id),
          version: Number(row.version),
          current: row.is_current === true,
          same: row.same === true,
        });
    return verdicts;
  }

  /**
   * The writer's part of a batch, in the load's transaction: changed records' current versions
   * superseded (before their successors are written, so the one-current-version-per-record index
   * holds throughout), then quarantined rows and new versions by COPY straight into their tables
   * (a multi-row heap insert, no staging table, jsonb parsed once).
   */
  async writeBatch(
    client: PoolClient,
    writes: BatchWrites,
  ): Promise<{ rejected: number; inserted: number; changed: number }> {
    let changed = 0;
    if (writes.superseded.length) {
      const result = await client.query(
        `update source_record set is_current = false where id = any($1::bigint[]) and is_current`,
        [writes.superseded],
      );
      changed = result.rowCount ?? 0;
      if (changed !== writes.superseded.length)
        throw new LoadInvariantError(
          `records changed during the load: ${writes.superseded.length - changed} of ${writes.superseded.length} current versions to supersede were not current`,
        );
    }
    const copy = async (sql: string, chunks: string[]): Promise<number> => {
      if (!chunks.length) return 0;
      const stream = client.query(copyFrom(sql));
      await pipeline(Readable.from(chunks, { objectMode: false }), stream);
      return stream.rowCount ?? 0;
    };
    const rejected = await copy(
      `copy quarantine_row (load_id, row_number, raw, reasons) from stdin`,
      writes.quarantine,
    );
    const inserted = await copy(
      `copy source_record (${RECORD_COLUMNS.join(', ')}) from stdin`,
      writes.records,
    );
    // A superseded record that is linked keeps the incremental matcher's blocking keys of its new version.
    await refreshBlockKeys(client, writes.superseded);
    return { rejected, inserted, changed };
  }

  /**
   * Completeness and validity come from counters kept while streaming; uniqueness (distinct and
   * duplicate values) of the source id and of each identifier is counted over the whole file.
   * duplicate_values = values considered − distinct values: how many rows repeat an earlier value.
   */
  async writeQuality(
    client: PoolClient,
    checker: PoolClient,
    loadId: string,
    quality: FieldQuality,
    sourceIdField: string,
    sourceIdsPresent: number,
  ): Promise<void> {
    const ids = await checker.query<{ d: string }>(`select count(*) as d from feed_seen`);
    const identifiers = await checker.query<{ i: string; n: string; d: string }>(
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

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed loads, versioned source records, quarantine and data-quality metrics: the tables every
 * other part reads from.
 */
export class Foundation1795560000000 implements MigrationInterface {
  name = 'Foundation1795560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists pg_trgm`);
    await q.query(`
      create table feed_load (
        id              bigserial primary key,
        feed            text not null,
        file_name       text not null,
        checksum        text not null,
        mapping         text,
        status          text not null default 'running' check (status in ('running', 'completed', 'failed')),
        started_at      timestamptz not null default now(),
        finished_at     timestamptz,
        read_count      integer not null default 0,
        accepted_count  integer not null default 0,
        rejected_count  integer not null default 0,
        unchanged_count integer not null default 0,
        error           text,
        constraint feed_load_counts_add_up check (
          status <> 'completed' or read_count = accepted_count + rejected_count + unchanged_count)
      )`);
    await q.query(`
      create table source_record (
        id              bigserial primary key,
        feed            text not null,
        source_id       text not null,
        version         integer not null,
        is_current      boolean not null default true,
        load_id         bigint not null references feed_load(id),
        row_number      integer not null,
        content_hash    text not null,
        -- the row as read, under canonical column names (mapping applied, values untouched)
        payload         jsonb not null,
        -- standardised values of every column, and per-identifier validity flags
        std             jsonb not null,
        -- identity fields for linkage and search (standardised; invalid identifiers are null here)
        forename        text,
        middle_names    text,
        surname         text,
        alt_surnames    text[],
        dob             date,
        sex             text,
        postcode        text,
        nhs_number      text,
        upn             text,
        created_at      timestamptz not null default now(),
        unique (feed, source_id, version)
      )`);
    await q.query(`create unique index source_record_current on source_record (feed, source_id) where is_current`);
    await q.query(`create index source_record_nhs on source_record (nhs_number) where is_current and nhs_number is not null`);
    await q.query(`create index source_record_upn on source_record (upn) where is_current and upn is not null`);
    await q.query(`create index source_record_dob on source_record (dob) where is_current`);
    await q.query(`create index source_record_surname_trgm on source_record using gin (surname gin_trgm_ops) where is_current`);
    await q.query(`create index source_record_load on source_record (load_id)`);
    await q.query(`
      create table quarantine_row (
        id          bigserial primary key,
        load_id     bigint not null references feed_load(id),
        row_number  integer not null,
        raw         text not null,
        reasons     text[] not null check (cardinality(reasons) > 0),
        created_at  timestamptz not null default now()
      )`);
    await q.query(`create index quarantine_row_load on quarantine_row (load_id, row_number)`);
    await q.query(`
      create table data_quality_metric (
        load_id       bigint not null references feed_load(id),
        field         text not null,
        rows_total    integer not null,
        rows_present  integer not null,
        rows_valid    integer not null,
        distinct_values integer,
        duplicate_values integer,
        primary key (load_id, field)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table data_quality_metric`);
    await q.query(`drop table quarantine_row`);
    await q.query(`drop table source_record`);
    await q.query(`drop table feed_load`);
  }
}

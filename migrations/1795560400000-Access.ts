import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access: consent and legal basis per child, purpose and recipient; the append-only, hash-chained
 * access audit.
 */
export class Access1795560400000 implements MigrationInterface {
  name = 'Access1795560400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table consent (
        id               bigserial primary key,
        -- the child's source record the consent is about (csc-children la_child_id, health local_patient_id…)
        subject_feed     text not null,
        subject_id       text not null,
        purpose          text not null,
        -- who may receive the data: an organisation code, a role's default recipient, or '*' for any
        recipient        text not null,
        basis            text not null check (basis in ('consent', 'public_task', 'safeguarding')),
        status           text not null check (status in ('granted', 'refused', 'withdrawn')),
        valid_from       date,
        valid_to         date,
        recorded_by      text,
        recorded_at      timestamptz not null default now(),
        origin           text not null check (origin in ('feed', 'api')),
        -- the consents-feed row it was materialised from (null when recorded through the API)
        source_record_id bigint unique references source_record(id),
        constraint consent_dates check (valid_to is null or valid_from is null or valid_to >= valid_from)
      )`);
    await q.query(`create index consent_subject on consent (subject_feed, subject_id, purpose)`);
    await q.query(`
      create table access_audit (
        id                 bigserial primary key,
        occurred_at        timestamptz not null,
        subject            text not null,
        role               text not null,
        purpose            text not null,
        operation          text not null,
        person_ids         text[] not null,
        fields             text[] not null,
        break_glass_reason text,
        flagged_for_review boolean not null default false,
        prev_hash          text not null,
        hash               text not null unique
      )`);
    await q.query(`create index access_audit_person on access_audit using gin (person_ids)`);
    // Append-only: the table refuses UPDATE, DELETE and TRUNCATE whoever asks; the hash chain
    // catches anything done around the trigger (a superuser disabling it).
    await q.query(`
      create function access_audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'access_audit is append-only (% refused)', tg_op;
      end $$`);
    await q.query(`
      create trigger access_audit_no_change before update or delete on access_audit
      for each row execute function access_audit_append_only()`);
    await q.query(`
      create trigger access_audit_no_truncate before truncate on access_audit
      for each statement execute function access_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table access_audit`);
    await q.query(`drop function access_audit_append_only()`);
    await q.query(`drop table consent`);
  }
}

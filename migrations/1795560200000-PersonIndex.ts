import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The golden person index: persons with stable ids and redirects, the link of every active
 * person-feed source record to one person, manual overrides, the review queue, the person event
 * outbox, link runs and the cache of trained linkage parameters.
 *
 * Source records are referenced by their identity (feed, source_id), not by row id: a reload makes
 * a new version (a new row), and the person a record belongs to must survive that.
 */
export class PersonIndex1795560200000 implements MigrationInterface {
  name = 'PersonIndex1795560200000';

  async up(q: QueryRunner): Promise<void> {
    // dmetaphone() for the phonetic surname blocking key of the incremental matcher.
    await q.query(`create extension if not exists fuzzystrmatch`);
    await q.query(`create sequence person_number_seq`);
    await q.query(`
      create table link_run (
        id                bigserial primary key,
        mode              text not null check (mode in ('full', 'batch', 'incremental')),
        rule_set_version  text not null,
        data_version      text,
        status            text not null default 'running' check (status in ('running', 'completed', 'failed')),
        started_at        timestamptz not null default now(),
        finished_at       timestamptz,
        records           integer not null default 0,
        persons           integer not null default 0,
        counts            jsonb not null default '{}',
        timings_ms        jsonb not null default '{}'
      )`);
    await q.query(`
      create table person (
        id           text primary key,
        number       bigint not null unique,
        status       text not null default 'active' check (status in ('active', 'merged', 'retired')),
        redirect_to  text references person(id),
        created_at   timestamptz not null default now(),
        updated_at   timestamptz not null default now(),
        constraint person_redirect_iff_merged check ((status = 'merged') = (redirect_to is not null))
      )`);
    await q.query(`create index person_redirect on person (redirect_to) where redirect_to is not null`);
    await q.query(`
      create table person_link (
        feed              text not null,
        source_id         text not null,
        source_record_id  bigint not null references source_record(id),
        person_id         text not null references person(id),
        rule_set_version  text not null,
        match_probability double precision,
        match_weight      double precision,
        method            text not null check (method in ('deterministic', 'probabilistic', 'manual', 'singleton')),
        run_id            bigint references link_run(id),
        linked_at         timestamptz not null default now(),
        primary key (feed, source_id)
      )`);
    await q.query(`create index person_link_person on person_link (person_id)`);
    await q.query(`create index person_link_record on person_link (source_record_id)`);
    await q.query(`
      create table person_override (
        id            bigserial primary key,
        kind          text not null check (kind in ('must_link', 'must_not_link')),
        feed_a        text not null,
        source_id_a   text not null,
        feed_b        text not null,
        source_id_b   text not null,
        decision      text not null check (decision in ('link', 'unlink', 'merge', 'split', 'review_accept', 'review_reject')),
        decided_by    text not null,
        decided_at    timestamptz not null default now(),
        reason        text not null check (length(reason) > 0),
        active        boolean not null default true,
        withdrawn_by  text,
        withdrawn_at  timestamptz,
        withdrawn_reason text,
        check ((feed_a, source_id_a) <> (feed_b, source_id_b))
      )`);
    await q.query(`create index person_override_a on person_override (feed_a, source_id_a) where active`);
    await q.query(`create index person_override_b on person_override (feed_b, source_id_b) where active`);
    await q.query(`
      create table review_item (
        id                  bigserial primary key,
        feed_a              text not null,
        source_id_a         text not null,
        source_record_id_a  bigint not null references source_record(id),
        feed_b              text not null,
        source_id_b         text not null,
        source_record_id_b  bigint not null references source_record(id),
        match_probability   double precision not null,
        match_weight        double precision not null,
        explanation         jsonb not null,
        rule_set_version    text not null,
        run_id              bigint references link_run(id),
        status              text not null default 'open' check (status in ('open', 'accepted', 'rejected', 'superseded')),
        created_at          timestamptz not null default now(),
        decided_by          text,
        decided_at          timestamptz,
        reason              text,
        check ((feed_a, source_id_a) < (feed_b, source_id_b)),
        check (status = 'open' or status = 'superseded' or (decided_by is not null and decided_at is not null))
      )`);
    await q.query(`create unique index review_item_open_pair on review_item (feed_a, source_id_a, feed_b, source_id_b) where status = 'open'`);
    await q.query(`create index review_item_status on review_item (status, id)`);
    await q.query(`
      create table person_event (
        id          bigserial primary key,
        person_id   text not null references person(id),
        type        text not null check (type in ('created', 'record_added', 'record_removed', 'merged', 'split', 'golden_changed')),
        payload     jsonb not null default '{}',
        run_id      bigint references link_run(id),
        created_at  timestamptz not null default now()
      )`);
    await q.query(`create index person_event_person on person_event (person_id, id)`);
    await q.query(`
      create table linkage_parameters (
        rule_set_version  text not null,
        data_version      text not null,
        parameters        jsonb not null,
        trained_at        timestamptz not null default now(),
        primary key (rule_set_version, data_version)
      )`);
    // Blocking keys of the incremental matcher that the foundation did not index.
    await q.query(`create index source_record_postcode on source_record (postcode) where is_current and postcode is not null`);
    await q.query(
      `create index source_record_surname_dmetaphone on source_record (dmetaphone(surname), dob) where is_current and surname is not null`,
    );
    await q.query(`create index source_record_forename_trgm on source_record using gin (forename gin_trgm_ops) where is_current`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index source_record_forename_trgm`);
    await q.query(`drop index source_record_surname_dmetaphone`);
    await q.query(`drop index source_record_postcode`);
    await q.query(`drop table linkage_parameters`);
    await q.query(`drop table person_event`);
    await q.query(`drop table review_item`);
    await q.query(`drop table person_override`);
    await q.query(`drop table person_link`);
    await q.query(`drop table person`);
    await q.query(`drop table link_run`);
    await q.query(`drop sequence person_number_seq`);
    await q.query(`drop extension if exists fuzzystrmatch`);
  }
}

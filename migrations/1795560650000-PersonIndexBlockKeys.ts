import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incremental matcher's blocking keys move off source_record into person_block_key: one row
 * per linked record (a person_link row), holding the keys of that record's current version.
 *
 * Why: a blocked record that has no person contributes nothing to a match (the matcher widens
 * blocked records to their persons through person_link), yet every feed load paid for four
 * blocking-key indexes and two dmetaphone columns on every record it wrote, linked or not
 * (the ingest bench's floor, its 1M records inserted again with every index, took 34.8 s with
 * them and 16.0 s without, in back-to-back runs: see src/feeds/README.md).
 * Now a load writes source_record with only the indexes its own checks and the views use, and the
 * keys are written when a record is linked.
 *
 * Kept in step:
 * - person_link insert or update (a batch link, the incremental matcher, a steward's decision,
 *   anything else): statement-level triggers write the keys of the written links' records from
 *   their current versions; a delete or truncate removes them. Set-based, once per statement.
 * - a feed load that supersedes a linked record refreshes its keys from the new version in the
 *   load's own transaction (`refreshBlockKeys`, src/person-index/block-keys.ts).
 * A link written while a concurrent load supersedes its record can keep the keys of the version
 * it read; its link then points at an older version, so the record is pending and its next match
 * or link run (which rewrites the link) refreshes them. Until then (a load too big to be matched
 * record by record waits for the next `link`), the matcher and the steward's search by birth date
 * see that record under its former keys.
 */
export class PersonIndexBlockKeys1795560650000 implements MigrationInterface {
  name = 'PersonIndexBlockKeys1795560650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table person_block_key (
        feed          text not null,
        source_id     text not null,
        dob           date,
        surname       text,
        forename      text,
        postcode      text,
        alt_surnames  text[],
        surname_dm    text generated always as (dmetaphone(surname)) stored,
        forename_dm   text generated always as (dmetaphone(forename)) stored,
        primary key (feed, source_id)
      )`);
    await q.query(`
      insert into person_block_key (feed, source_id, dob, surname, forename, postcode, alt_surnames)
      select s.feed, s.source_id, s.dob, s.surname, s.forename, s.postcode, s.alt_surnames
        from person_link pl join source_record s on s.feed = pl.feed and s.source_id = pl.source_id and s.is_current`);
    // The branches of the matcher's candidate query (incremental-match.service.ts), as on
    // source_record before, without the is_current predicate: every row here is current.
    await q.query(
      `create index person_block_key_dob_names on person_block_key (dob, surname_dm, forename_dm)`,
    );
    await q.query(
      `create index person_block_key_names on person_block_key (surname_dm, forename_dm, dob) where surname is not null`,
    );
    await q.query(
      `create index person_block_key_postcode on person_block_key (postcode, forename_dm, dob) where postcode is not null`,
    );
    await q.query(
      `create index person_block_key_alt_surnames on person_block_key (dob) include (alt_surnames) where cardinality(alt_surnames) > 0`,
    );
    // Keys missing for the written links are inserted: rows the statement's snapshot already has are
    // left out before insertion, so ON CONFLICT meets only keys another transaction is inserting
    // at that moment. Keys that differ from the record's current version are updated, judged on the
    // snapshot too, so an unchanged key row is neither locked nor waited for (a feed load may hold
    // it while it refreshes that record's keys). The update is skipped when every written link got new keys
    // (a first link run: a million rows inserted, none to compare). Index probes only: planned
    // while the key table is (or was last analysed) empty, the existence check became a sequential
    // scan of the key table's heap per written link, and a first link's million inserts made that
    // heap grow under it (quadratic: the 450,000-child bench, about six minutes in all before, was
    // still in the first link's COPY after ten when it was stopped).
    await q.query(`
      create function person_block_key_links_written() returns trigger language plpgsql
      set enable_seqscan = off as $$
      declare
        inserted bigint;
      begin
        insert into person_block_key (feed, source_id, dob, surname, forename, postcode, alt_surnames)
        select s.feed, s.source_id, s.dob, s.surname, s.forename, s.postcode, s.alt_surnames
          from written w join source_record s on s.feed = w.feed and s.source_id = w.source_id and s.is_current
         where not exists (select 1 from person_block_key k where k.feed = w.feed and k.source_id = w.source_id)
        on conflict (feed, source_id) do nothing;
        get diagnostics inserted = row_count;
        if inserted < (select count(*) from written) then
          update person_block_key k set dob = s.dob, surname = s.surname, forename = s.forename,
                 postcode = s.postcode, alt_surnames = s.alt_surnames
            from written w join source_record s on s.feed = w.feed and s.source_id = w.source_id and s.is_current
           where k.feed = w.feed and k.source_id = w.source_id
             and (k.dob, k.surname, k.forename, k.postcode, k.alt_surnames)
                 is distinct from (s.dob, s.surname, s.forename, s.postcode, s.alt_surnames);
        end if;
        return null;
      end $$`);
    await q.query(`
      create function person_block_key_links_removed() returns trigger language plpgsql as $$
      begin
        delete from person_block_key k using removed r where k.feed = r.feed and k.source_id = r.source_id;
        return null;
      end $$`);
    await q.query(`
      create trigger person_block_key_on_insert after insert on person_link
      referencing new table as written for each statement execute function person_block_key_links_written()`);
    await q.query(`
      create trigger person_block_key_on_update after update on person_link
      referencing new table as written for each statement execute function person_block_key_links_written()`);
    await q.query(`
      create trigger person_block_key_on_delete after delete on person_link
      referencing old table as removed for each statement execute function person_block_key_links_removed()`);
    await q.query(`
      create function person_block_key_links_truncated() returns trigger language plpgsql as $$
      begin
        truncate person_block_key;
        return null;
      end $$`);
    await q.query(`
      create trigger person_block_key_on_truncate after truncate on person_link
      for each statement execute function person_block_key_links_truncated()`);
    await q.query(`analyze person_block_key`);

    await q.query(`drop index source_record_names_dm`);
    await q.query(`drop index source_record_postcode_forename_dm`);
    await q.query(`drop index source_record_dob_names_dm`);
    await q.query(`drop index source_record_alt_surnames_dob`);
    // Catalog-only: the stored values stay in existing rows until they are rewritten.
    await q.query(`alter table source_record drop column forename_dm, drop column surname_dm`);
    // The steward's search by birth date (person-query.service.ts) reads person_block_key's dob
    // index; nothing else on source_record is looked up by birth date.
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table source_record
        add column surname_dm text generated always as (dmetaphone(surname)) stored,
        add column forename_dm text generated always as (dmetaphone(forename)) stored`);
    await q.query(
      `create index source_record_names_dm on source_record (surname_dm, forename_dm, dob) where is_current and surname is not null`,
    );
    await q.query(
      `create index source_record_postcode_forename_dm on source_record (postcode, forename_dm, dob) where is_current and postcode is not null`,
    );
    await q.query(
      `create index source_record_dob_names_dm on source_record (dob, surname_dm, forename_dm) where is_current`,
    );
    await q.query(
      `create index source_record_alt_surnames_dob on source_record (dob) include (alt_surnames) where is_current and cardinality(alt_surnames) > 0`,
    );
    await q.query(`drop trigger person_block_key_on_truncate on person_link`);
    await q.query(`drop function person_block_key_links_truncated()`);
    await q.query(`drop trigger person_block_key_on_delete on person_link`);
    await q.query(`drop trigger person_block_key_on_update on person_link`);
    await q.query(`drop trigger person_block_key_on_insert on person_link`);
    await q.query(`drop function person_block_key_links_removed()`);
    await q.query(`drop function person_block_key_links_written()`);
    await q.query(`drop table person_block_key`);
  }
}

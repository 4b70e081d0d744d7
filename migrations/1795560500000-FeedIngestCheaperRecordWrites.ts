import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cheaper writes of source_record, which every feed load pays per row (measured on 100k-row
 * inserts into a 300k-row table, each ~5-10 µs a row of the insert's ~80):
 * - source_record_dob goes: (dob, dmetaphone(surname), dmetaphone(forename)) where is_current,
 *   from PersonIndexIncrementalKeysLighter1795560260001, leads with dob under the same predicate
 *   and answers every `dob = …` or range probe the plain index did;
 * - source_record_load becomes a BRIN index: rows are appended load by load, so a load's records
 *   sit in a few block ranges and `where load_id = $1` (the incremental matcher's records of a
 *   load) reads just those, for a fraction of a btree's upkeep (a btree whose every new entry
 *   shares one key);
 * - the load_id foreign key, a row-level trigger with a lookup per inserted row, gives way to an
 *   equivalent guarantee at a fraction of the cost: the loader writes only the id of the load it
 *   created (ingest.repository.ts), and a load record can no longer be deleted nor its id changed
 *   (feed_load is the log every record's provenance points to), so no record's load_id dangles.
 */
export class FeedIngestCheaperRecordWrites1795560500000 implements MigrationInterface {
  name = 'FeedIngestCheaperRecordWrites1795560500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists source_record_dob`);
    await q.query(`drop index if exists source_record_load`);
    await q.query(`create index source_record_load on source_record using brin (load_id)`);
    await q.query(`alter table source_record drop constraint if exists source_record_load_id_fkey`);
    await q.query(`
      create function feed_load_keep() returns trigger language plpgsql as $$
      begin
        if tg_op in ('DELETE', 'TRUNCATE') then
          raise exception 'feed_load rows are kept: source records point to them' using errcode = 'restrict_violation';
        elsif new.id <> old.id then
          raise exception 'a feed_load id never changes: source records point to it' using errcode = 'restrict_violation';
        end if;
        return new;
      end $$`);
    await q.query(`
      create trigger feed_load_keep before update of id or delete on feed_load
      for each row execute function feed_load_keep()`);
    await q.query(`
      create trigger feed_load_keep_truncate before truncate on feed_load
      for each statement execute function feed_load_keep()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger feed_load_keep_truncate on feed_load`);
    await q.query(`drop trigger feed_load_keep on feed_load`);
    await q.query(`drop function feed_load_keep()`);
    await q.query(
      `alter table source_record add constraint source_record_load_id_fkey foreign key (load_id) references feed_load(id)`,
    );
    await q.query(`drop index source_record_load`);
    await q.query(`create index source_record_load on source_record (load_id)`);
    await q.query(`create index source_record_dob on source_record (dob) where is_current`);
  }
}

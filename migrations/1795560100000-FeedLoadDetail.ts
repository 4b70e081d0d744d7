import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed ingestion detail beyond the Foundation tables: how a load's accepted rows split into new
 * records and new versions of changed ones, the file format, and per-field counts of values kept
 * but flagged (csc-children birth dates in the future: an unborn child's expected date).
 */
export class FeedLoadDetail1795560100000 implements MigrationInterface {
  name = 'FeedLoadDetail1795560100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table feed_load
      add column format text,
      add column new_count integer not null default 0,
      add column changed_count integer not null default 0,
      add constraint feed_load_accepted_split check (
        status <> 'completed' or accepted_count = new_count + changed_count)`);
    await q.query(`alter table data_quality_metric add column rows_flagged integer not null default 0`);
    // Steward views list loads newest first, optionally by feed.
    await q.query(`create index feed_load_feed on feed_load (feed, id desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index feed_load_feed`);
    await q.query(`alter table data_quality_metric drop column rows_flagged`);
    await q.query(`alter table feed_load drop constraint feed_load_accepted_split,
      drop column changed_count, drop column new_count, drop column format`);
  }
}

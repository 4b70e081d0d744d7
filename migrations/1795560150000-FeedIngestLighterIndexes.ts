import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the trigram index on source_record.surname: every inserted record paid for it (~5% of the
 * insert into source_record, more when its pending list is flushed) and no query can use it. The
 * only trigram query, steward child search (person-query.service.ts), ORs `surname % $1` with
 * `forename % $1` and `forename like …`, and forename has no trigram index since
 * PersonIndexLighterIngest1795560200001, so the planner cannot build a bitmap OR from it and scans
 * the current records whether or not this index exists (checked with EXPLAIN, enable_seqscan off).
 *
 * The other indexes on source_record stay because a query uses each:
 * - source_record_current (feed, source_id) where is_current: ingest (supersede, new-record check),
 *   person index joins from person_link, placements' child lookup;
 * - unique (feed, source_id, version): one row per version (integrity, not a query);
 * - source_record_nhs, source_record_upn, source_record_dob, source_record_postcode,
 *   source_record_surname_dmetaphone: incremental matcher's blocking keys (incremental-match.service.ts);
 * - source_record_load: the incremental matcher's records of a load (`where load_id = $1`).
 */
export class FeedIngestLighterIndexes1795560150000 implements MigrationInterface {
  name = 'FeedIngestLighterIndexes1795560150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists source_record_surname_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `create index source_record_surname_trgm on source_record using gin (surname gin_trgm_ops) where is_current`,
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incremental matcher's phonetic blocking keys are computed once per record, not once per
 * index: surname_dm and forename_dm are stored generated columns (dmetaphone of surname and
 * forename), and the three indexes that held dmetaphone() expressions hold the columns instead.
 * A record write used to run dmetaphone five times in index expressions (names_dm twice,
 * dob_names_dm twice, postcode_forename_dm once); it now runs it twice, and the index keys are
 * plain columns. The indexes keep their names, columns order and predicates, so the matcher's
 * probes (incremental-match.service.ts, now comparing the columns) are answered as before.
 * Adding the columns rewrites source_record once.
 */
export class FeedIngestStoredPhoneticKeys1795560550000 implements MigrationInterface {
  name = 'FeedIngestStoredPhoneticKeys1795560550000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop index source_record_names_dm`);
    await q.query(`drop index source_record_postcode_forename_dm`);
    await q.query(`drop index source_record_dob_names_dm`);
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index source_record_dob_names_dm`);
    await q.query(`drop index source_record_postcode_forename_dm`);
    await q.query(`drop index source_record_names_dm`);
    await q.query(`alter table source_record drop column forename_dm, drop column surname_dm`);
    await q.query(
      `create index source_record_names_dm on source_record (dmetaphone(surname), dmetaphone(forename), dob) where is_current and surname is not null`,
    );
    await q.query(
      `create index source_record_postcode_forename_dm on source_record (postcode, dmetaphone(forename), dob) where is_current and postcode is not null`,
    );
    await q.query(
      `create index source_record_dob_names_dm on source_record (dob, dmetaphone(surname), dmetaphone(forename)) where is_current`,
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer indexes for every feed load to maintain, same probes for the incremental matcher:
 * - one (dob, dmetaphone(surname), dmetaphone(forename)) index answers both birth-date branches
 *   (the forename one by skip scan over the ~150 records born that day at a million records,
 *   compared in the index without touching the heap) instead of two;
 * - the plain postcode index (added for this matcher, queried by nothing else) is covered by
 *   (postcode, dmetaphone(forename), dob).
 */
export class PersonIndexIncrementalKeysLighter1795560260001 implements MigrationInterface {
  name = 'PersonIndexIncrementalKeysLighter1795560260001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `create index source_record_dob_names_dm on source_record (dob, dmetaphone(surname), dmetaphone(forename)) where is_current`,
    );
    await q.query(`drop index if exists source_record_dob_surname_dm`);
    await q.query(`drop index if exists source_record_dob_forename_dm`);
    await q.query(`drop index if exists source_record_postcode`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`create index source_record_postcode on source_record (postcode) where is_current and postcode is not null`);
    await q.query(`create index source_record_dob_forename_dm on source_record (dob, dmetaphone(forename)) where is_current`);
    await q.query(`create index source_record_dob_surname_dm on source_record (dob, dmetaphone(surname)) where is_current`);
    await q.query(`drop index source_record_dob_names_dm`);
  }
}

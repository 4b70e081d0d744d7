import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One index per blocking branch of the incremental matcher, each holding every column the branch
 * compares, so a branch is a single index range probe instead of a scan of every record born that
 * day (or every record with a common surname) re-computing double metaphone on each heap row:
 * - birth date with phonetic surname, birth date with phonetic forename (dob_surname, dob_forename);
 * - phonetic surname and forename, then birth date (names_birth_year, a range on the last column);
 * - postcode with phonetic forename, then birth date (postcode_forename, ranked by birth date);
 * - birth date of the few records with former or preferred surnames.
 * The (dmetaphone(surname), dob) index only this matcher used is replaced by the wider one.
 */
export class PersonIndexIncrementalKeys1795560260000 implements MigrationInterface {
  name = 'PersonIndexIncrementalKeys1795560260000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index source_record_dob_surname_dm on source_record (dob, dmetaphone(surname)) where is_current`);
    await q.query(`create index source_record_dob_forename_dm on source_record (dob, dmetaphone(forename)) where is_current`);
    await q.query(
      `create index source_record_names_dm on source_record (dmetaphone(surname), dmetaphone(forename), dob) where is_current and surname is not null`,
    );
    await q.query(
      `create index source_record_postcode_forename_dm on source_record (postcode, dmetaphone(forename), dob) where is_current and postcode is not null`,
    );
    // alt_surnames included so the branch is answered from the index alone (no heap page per record born that day).
    await q.query(
      `create index source_record_alt_surnames_dob on source_record (dob) include (alt_surnames) where is_current and cardinality(alt_surnames) > 0`,
    );
    await q.query(`drop index if exists source_record_surname_dmetaphone`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `create index source_record_surname_dmetaphone on source_record (dmetaphone(surname), dob) where is_current and surname is not null`,
    );
    await q.query(`drop index source_record_alt_surnames_dob`);
    await q.query(`drop index source_record_postcode_forename_dm`);
    await q.query(`drop index source_record_names_dm`);
    await q.query(`drop index source_record_dob_forename_dm`);
    await q.query(`drop index source_record_dob_surname_dm`);
  }
}

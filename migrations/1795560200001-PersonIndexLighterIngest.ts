import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the trigram index on forename added with the person index: every feed load paid for it
 * (a GIN entry per trigram of every new record) while only the steward's name search used it,
 * and that search narrows by surname trigrams (indexed by the foundation) and birth date first.
 */
export class PersonIndexLighterIngest1795560200001 implements MigrationInterface {
  name = 'PersonIndexLighterIngest1795560200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists source_record_forename_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`create index source_record_forename_trgm on source_record using gin (forename gin_trgm_ops) where is_current`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review pairs are put in order in TypeScript (orderedPair: UTF-16 code units, the same as byte
 * order for the ASCII ids feeds carry), but the check compared them with the database's collation.
 * On a server whose default is en_US.utf8, 'A_1' sorts after 'a-1' (punctuation and case are only
 * tie-breakers there) while JS puts it first, so one such pair violated the check and rolled back
 * the whole link run. COLLATE "C" makes the database order the one the code writes.
 */
export class PersonIndexPairCollation1795560250000 implements MigrationInterface {
  name = 'PersonIndexPairCollation1795560250000';

  async up(q: QueryRunner): Promise<void> {
    await dropPairOrderCheck(q);
    await q.query(`alter table review_item add constraint review_item_pair_ordered
      check ((feed_a collate "C", source_id_a collate "C") < (feed_b collate "C", source_id_b collate "C"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table review_item drop constraint review_item_pair_ordered`);
    await q.query(`alter table review_item add constraint review_item_check check ((feed_a, source_id_a) < (feed_b, source_id_b))`);
  }
}

/** The original check was unnamed; find it by what it says rather than guess the generated name. */
async function dropPairOrderCheck(q: QueryRunner): Promise<void> {
  const rows = (await q.query(
    `select conname from pg_constraint
      where conrelid = 'review_item'::regclass and contype = 'c'
        and pg_get_constraintdef(oid) like '%source_id_a%<%source_id_b%'`,
  )) as Array<{ conname: string }>;
  for (const row of rows) await q.query(`alter table review_item drop constraint "${row.conname.replace(/"/g, '""')}"`);
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * access_audit_append_after finds the chain's head by the primary key, whatever the table's
 * statistics say. Its `order by id desc limit 1` is planned once per connection and kept: planned
 * while the table was analysed empty (a new database's demo load analyses every table before the
 * first read is audited), it was a sequential scan and sort of the whole audit on every append
 * from then on — the GraphQL load benchmark's PostgreSQL CPU a request climbed from 0.4 to 1.1 ms
 * over three 10-second runs (access_audit's seq_tup_read growing quadratically). It stayed at
 * 0.31-0.35 ms when the plan was made again once the table had rows, and at 0.29-0.32 ms with this
 * setting. The function does nothing else a sequential scan could serve (its insert reads only
 * the batch).
 */
export class AuditHeadByIndex1795560600000 implements MigrationInterface {
  name = 'AuditHeadByIndex1795560600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter function access_audit_append_after(text, jsonb) set enable_seqscan = off`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter function access_audit_append_after(text, jsonb) reset enable_seqscan`);
  }
}

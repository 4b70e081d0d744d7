import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One round trip per group-committed audit batch instead of five (begin, lock, read the head,
 * insert, commit): the application, which alone holds AUDIT_KEY, chains the batch onto the head
 * it last wrote and this function appends it only if that is still the head, under the chain's
 * lock; otherwise it appends nothing and returns the head another writer left, and the caller
 * chains the batch again. The key never reaches the database (AuditHmac1795560450000): this
 * function computes no hash, it only refuses a batch that does not continue the chain.
 */
export class AuditAppendOneRoundTrip1795560500001 implements MigrationInterface {
  name = 'AuditAppendOneRoundTrip1795560500001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function access_audit_append_after(expected_head text, batch jsonb) returns text
      language plpgsql as $$
      declare
        head text;
      begin
        -- Serialises appenders across every process until this transaction ends; the head is read
        -- by a later statement, so with a snapshot that sees the previous holder's commit.
        perform pg_advisory_xact_lock(7240511);
        select hash into head from access_audit order by id desc limit 1;
        if coalesce(head, '') <> coalesce(expected_head, '') then
          return coalesce(head, '');
        end if;
        -- Ids are drawn in the order of the ordered select, so id order is chain order.
        insert into access_audit (occurred_at, subject, role, purpose, operation, person_ids, fields,
                                  break_glass_reason, flagged_for_review, prev_hash, hash)
        select (e->>'occurredAt')::timestamptz, e->>'subject', e->>'role', e->>'purpose', e->>'operation',
               array(select jsonb_array_elements_text(e->'personIds')),
               array(select jsonb_array_elements_text(e->'fields')), e->>'breakGlassReason',
               (e->>'flaggedForReview')::boolean, e->>'prevHash', e->>'hash'
        from jsonb_array_elements(batch) with ordinality as t(e, n)
        order by n;
        return null;
      end $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function access_audit_append_after(text, jsonb)`);
  }
}

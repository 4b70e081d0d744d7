import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access audit's hash is now an HMAC keyed with AUDIT_KEY, computed by the application so the
 * key never reaches the database: the database function that hashed rows with plain sha256 (which
 * any superuser could recompute) is dropped. Rows written before this keep their sha256 hashes and
 * do not verify under the key: the keyed chain starts fresh (see README, Access → Audit).
 */
export class AuditHmac1795560450000 implements MigrationInterface {
  name = 'AuditHmac1795560450000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop function access_audit_append(jsonb)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      create function access_audit_append(batch jsonb) returns void language plpgsql as $$
      declare
        prev text;
        entry jsonb;
        next_hash text;
      begin
        -- Serialises appenders across every process; held until the caller's transaction ends.
        perform pg_advisory_xact_lock(7240511);
        -- A new statement, so a new snapshot: sees the head committed by the previous holder.
        select hash into prev from access_audit order by id desc limit 1;
        prev := coalesce(prev, repeat('0', 64));
        for entry in select value from jsonb_array_elements(batch) loop
          next_hash := encode(sha256(convert_to(prev || E'\\n' || (entry->>'canonical'), 'UTF8')), 'hex');
          insert into access_audit (occurred_at, subject, role, purpose, operation, person_ids, fields,
                                    break_glass_reason, flagged_for_review, prev_hash, hash)
          values ((entry->>'occurredAt')::timestamptz, entry->>'subject', entry->>'role', entry->>'purpose',
                  entry->>'operation', array(select jsonb_array_elements_text(entry->'personIds')),
                  array(select jsonb_array_elements_text(entry->'fields')), entry->>'breakGlassReason',
                  (entry->>'flaggedForReview')::boolean, prev, next_hash);
          prev := next_hash;
        end loop;
      end $$`);
  }
}

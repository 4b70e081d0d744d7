import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../support/test-app';
import { AUDIT_KEY, AuditService } from '../../../src/access/audit/audit.service';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import type { AuthContext } from '../../../src/access/auth-context';

/**
 * The service appends each audit batch onto the head it last wrote, in one statement that refuses
 * a batch when another writer (another process, a CLI export) has moved the head since. Two
 * writers on one database, interleaved, must still leave one chain that verifies, every row in it.
 */
describe('access audit with more than one writer (real PostgreSQL)', () => {
  let t: TestApp;
  let service: AuditService;
  let other: AuditService;
  const auth: AuthContext = { subject: 'sw-1', role: 'social_worker', purpose: 'direct_care', team: 'T' };

  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(AuditService);
    // A second writer with the same key and database, as a CLI process beside the service is.
    other = new AuditService(t.app.get(DataSource), t.app.get<string>(AUDIT_KEY));
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps one verified chain when writers interleave, concurrently too', async () => {
    const read = (operation: string, personId: string) => ({
      auth,
      operation,
      personIds: [personId],
      fields: ['ChildRecord.personId'],
    });
    await service.record(read('a1', 'P0000000001'));
    await other.record(read('b1', 'P0000000002'));
    // The service's remembered head is stale now: its next batch must be chained onto b1.
    await service.record(read('a2', 'P0000000003'));
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => service.record(read(`a-${i}`, 'P0000000004'))),
      ...Array.from({ length: 20 }, (_, i) => other.record(read(`b-${i}`, 'P0000000005'))),
    ]);
    const verification = await service.verify();
    expect(verification).toMatchObject({ ok: true, rows: 43, firstBadId: null });
    const rows = await t.db.dataSource.query<Array<{ operation: string; prev_hash: string; hash: string }>>(
      `select operation, prev_hash, hash from access_audit order by id`,
    );
    expect(rows.slice(0, 3).map((r) => r.operation)).toEqual(['a1', 'b1', 'a2']);
    // No fork: every hash is some row's predecessor at most once.
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
  });
});

/**
 * A new database's demo load analyses every table, the audit too while it is still empty, before
 * the first read is audited. The append's head lookup, planned once per connection and kept, must
 * still go by the primary key: a plan made from "the table is empty" that scans and sorts the
 * whole audit made every later append slower as the audit grew.
 */
describe('access audit head lookup after the empty table was analysed (real PostgreSQL)', () => {
  it('appends never scan the audit sequentially, however it grows', async () => {
    const t = await createTestApp();
    // One connection, so the plan cached by the first append is the one every later append uses.
    const single = new DataSource(dataSourceOptions(t.db.url, { extra: { max: 1 } }));
    await single.initialize();
    try {
      await single.query('analyze access_audit');
      const writer = new AuditService(single, t.app.get<string>(AUDIT_KEY));
      const auth: AuthContext = { subject: 'sw-1', role: 'social_worker', purpose: 'direct_care', team: 'T' };
      const record = (n: number) =>
        writer.record({
          auth,
          operation: `read-${n}`,
          personIds: ['P0000000001'],
          fields: ['ChildRecord.personId'],
        });
      // Rows read by sequential scans of the audit, from any connection. Rows, not scans: a scan of
      // the then empty table by a migration, flushed to the statistics late, reads none.
      const rowsScanned = async (): Promise<number> => {
        // Counters reach the shared statistics when the writer's backend next goes idle.
        await single.query('select pg_stat_force_next_flush()');
        await new Promise((resolve) => setTimeout(resolve, 300));
        const rows = await t.db.dataSource.query<Array<{ n: number }>>(
          `select seq_tup_read::int n from pg_stat_user_tables where relname = 'access_audit'`,
        );
        return rows[0]?.n ?? NaN;
      };
      await record(0); // plans the head lookup on this connection, the table analysed as empty
      const before = await rowsScanned();
      for (let round = 0; round < 5; round++) {
        await Promise.all(Array.from({ length: 300 }, (_, i) => record(round * 300 + i + 1)));
        await record(-1 - round); // a batch of its own after each round
      }
      expect(await rowsScanned()).toBe(before);
      expect(await writer.verify()).toMatchObject({ ok: true, rows: 1 + 5 * 301 });
    } finally {
      await single.destroy();
      await t.close();
    }
  });
});

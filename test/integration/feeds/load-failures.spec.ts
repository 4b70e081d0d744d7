import { Logger } from '@nestjs/common';
import { IngestRepository } from '../../../src/feeds/ingest.repository';
import { createFeedTestKit, loadRecord, type FeedTestKit } from './feed-test-kit';

const ROW = (id: string, surname: string): string =>
  `${id},Ann,,${surname},,2015-01-01,F,,,,,,,,,N,N,2026-01-01\n`;

describe('failed and interrupted loads (real PostgreSQL)', () => {
  let kit: FeedTestKit;

  beforeAll(async () => {
    kit = await createFeedTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it('records and logs a database failure by SQLSTATE only, never the row value PostgreSQL quotes', async () => {
    // A trigger that fails the way a bad cast does, quoting the surname in its message.
    await kit.query(`create function test_reject_surname() returns trigger language plpgsql as $$
      begin perform new.surname::date; return new; end $$`);
    await kit.query(`create trigger test_reject_surname before insert on source_record
      for each row when (new.surname = 'ZEBEDEE') execute function test_reject_surname()`);
    const logged: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
    try {
      const path = kit.write(
        'quoted.csv',
        `${kit.fixture('csc-children.header-only.csv')}${ROW('Q1', 'Zebedee')}`,
      );
      const summary = await kit.ingest('csc-children', path);
      expect(summary.status).toBe('failed');
      expect(summary.error).toBe('database error SQLSTATE 22007');
      const record = await loadRecord(kit, summary.loadId);
      expect(record).toMatchObject({ status: 'failed', error: 'database error SQLSTATE 22007' });
      expect(logged).toEqual([`load ${summary.loadId} failed: database error SQLSTATE 22007`]);
      for (const text of [String(record.error), ...logged])
        expect(text.toUpperCase()).not.toContain('ZEBEDEE');
    } finally {
      spy.mockRestore();
      await kit.query('drop trigger test_reject_surname on source_record');
      await kit.query('drop function test_reject_surname()');
    }
  });

  it('names the constraint of a constraint violation, not the values in it', async () => {
    await kit.query(
      `alter table source_record add constraint test_no_zed check (surname is distinct from 'ZED')`,
    );
    try {
      const path = kit.write('zed.csv', `${kit.fixture('csc-children.header-only.csv')}${ROW('Z1', 'Zed')}`);
      const summary = await kit.ingest('csc-children', path);
      expect(summary.error).toBe(
        'database error SQLSTATE 23514, constraint test_no_zed, table source_record',
      );
      expect(await kit.query('select 1 from source_record where source_id = $1', ['Z1'])).toHaveLength(0);
    } finally {
      await kit.query('alter table source_record drop constraint test_no_zed');
    }
  });

  it("marks a killed load's leftover `running` record failed (interrupted) on the feed's next load, and only that one", async () => {
    const repository = new IngestRepository(kit.db.dataSource);
    const load = (feed: string): Promise<string> =>
      repository.createLoad({ feed, fileName: 'x.csv', checksum: 'c', mapping: 'canonical', format: 'csv' });
    // Killed mid-load: its transaction is gone, its record says running.
    const killed = await load('csc-children');
    // Alive: a load of the same feed whose transaction is open (e.g. waiting for the feed lock).
    const alive = await load('csc-children');
    const otherFeed = await load('health-patients');
    const runner = kit.db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(
        `select pg_advisory_xact_lock(hashtext('childlink.feed_load_alive'), ($1::bigint % 2147483647)::int)`,
        [alive],
      );
      const path = kit.write(
        'next.csv',
        `${kit.fixture('csc-children.header-only.csv')}${ROW('N1', 'Next')}`,
      );
      const next = await kit.ingest('csc-children', path);
      expect(next).toMatchObject({ status: 'completed', accepted: 1, error: null });
      expect(await loadRecord(kit, killed)).toMatchObject({
        status: 'failed',
        error: 'interrupted',
        read_count: 0,
      });
      expect(await loadRecord(kit, killed)).toHaveProperty('finished_at', expect.any(Date));
      expect(await loadRecord(kit, alive)).toMatchObject({ status: 'running', error: null });
      expect(await loadRecord(kit, otherFeed)).toMatchObject({ status: 'running', error: null });
      expect(await loadRecord(kit, next.loadId)).toMatchObject({ status: 'completed', error: null });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
  it('refuses to write a batch whose records to supersede are no longer current (a stale probe), rather than add a version', async () => {
    const path = kit.write('stale.csv', `${kit.fixture('csc-children.header-only.csv')}S1,Ann,,Ray,,2015-01-01,F,,,,,,,,,N,N,2026-01-01\n`);
    const first = await kit.ingest('csc-children', path);
    expect(first.status).toBe('completed');
    const [record] = await kit.query<{ id: string }>(`select id::text from source_record where source_id = 'S1' and is_current`);
    await kit.query(`update source_record set is_current = false where source_id = 'S1'`);
    const repository = new IngestRepository(kit.db.dataSource);
    await expect(
      repository.inTransaction((client) => repository.writeBatch(client, { superseded: [record?.id ?? ''], quarantine: [], records: [] })),
    ).rejects.toThrow('records changed during the load: 1 of 1 current versions to supersede were not current');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../support/test-app';
import { DataSource } from 'typeorm';
import { ConsentService } from '../../../src/access/consent/consent.service';
import { IngestService } from '../../../src/feeds/ingest.service';

const HEADER = 'subject_feed,subject_id,purpose,recipient,basis,status,valid_from,valid_to,recorded_by';

/**
 * Consents-feed loads reach the consent table within a second of completing, and the per-request
 * check between loads is a probe of the load log: the materialising statement runs only when a
 * consents load has completed since it last ran.
 */
describe('consents feed sync (real PostgreSQL)', () => {
  let t: TestApp;
  let consents: ConsentService;
  let ingest: IngestService;
  let dir: string;
  let now = Date.now();

  beforeAll(async () => {
    t = await createTestApp();
    consents = t.app.get(ConsentService);
    ingest = t.app.get(IngestService);
    dir = mkdtempSync(join(tmpdir(), 'childlink-consent-sync-'));
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function load(name: string, rows: string[]): Promise<void> {
    const path = join(dir, name);
    writeFileSync(path, `${HEADER}\n${rows.join('\n')}\n`);
    const summary = await ingest.ingestFile('consents', path);
    expect(summary.status).toBe('completed');
  }

  async function feedConsents(): Promise<string[]> {
    const rows = await t.db.dataSource.query<Array<{ subject_id: string }>>(
      `select subject_id from consent where origin = 'feed' order by subject_id`,
    );
    return rows.map((r) => r.subject_id);
  }

  it('materialises each completed load once, and between loads only checks the load log', async () => {
    const sync = jest.spyOn(consents, 'syncFromFeed');
    await load('one.csv', ['csc-children,C1,direct_care,social_care,consent,granted,2025-01-01,,W1']);
    now += 2000;
    await consents.syncIfStale();
    expect(await feedConsents()).toEqual(['C1']);
    expect(sync).toHaveBeenCalledTimes(1);

    // Within the second: nothing at all; after it, no new load: no materialisation either.
    await consents.syncIfStale();
    now += 2000;
    await consents.syncIfStale();
    expect(sync).toHaveBeenCalledTimes(1);

    await load('two.csv', ['csc-children,C2,direct_care,social_care,consent,refused,2025-02-01,,W2']);
    now += 2000;
    await consents.syncIfStale();
    expect(sync).toHaveBeenCalledTimes(2);
    expect(await feedConsents()).toEqual(['C1', 'C2']);
  });

  it('a failed consents load is not a reason to materialise', async () => {
    const sync = jest.spyOn(consents, 'syncFromFeed');
    sync.mockClear();
    // A file whose header lacks required columns is refused whole: a failed load record.
    const path = join(dir, 'refused.csv');
    writeFileSync(path, 'subject_id,status\nC3,granted\n');
    const summary = await ingest.ingestFile('consents', path);
    expect(summary.status).toBe('failed');
    now += 2000;
    await consents.syncIfStale();
    expect(sync).not.toHaveBeenCalled();
  });

  it('two processes materialising the same new rows at once: each row once, neither fails', async () => {
    // Another process (a second service instance, a CLI beside the service) is materialising the
    // same rows in a transaction that has not committed yet when this service's sync runs: this
    // one waits on the unique source_record_id, then must skip what the other wrote, not fail.
    await load(
      'race.csv',
      Array.from(
        { length: 50 },
        (_, i) => `csc-children,R${i},direct_care,social_care,consent,granted,2025-03-01,,W`,
      ),
    );
    const runner = t.db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const first = await new ConsentService(runner.manager as unknown as DataSource).syncFromFeed();
      expect(first.inserted).toBe(50);
      const second = consents.syncFromFeed();
      // Until the second sync is waiting on the first's uncommitted rows (a lock wait).
      for (let waited = 0; ; waited += 20) {
        const rows = await t.db.dataSource.query<Array<{ n: number }>>(
          `select count(*)::int n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into consent%'`,
        );
        if ((rows[0]?.n ?? 0) > 0) break;
        if (waited > 5000) throw new Error('the second sync never waited on the first');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await runner.commitTransaction();
      expect((await second).inserted).toBe(0);
      const rows = await t.db.dataSource.query<Array<{ n: number }>>(
        `select count(*)::int n from consent where subject_id like 'R%'`,
      );
      expect(rows[0]?.n).toBe(50);
    } finally {
      await runner.release();
    }
  });
});

import request from 'supertest';
import { DEMO_DATA_LOADER, type DemoDataLoader } from '../../../src/health/demo-data-loader';
import { DemoDataStatus } from '../../../src/health/demo-data-status';
import { createTestApp, type TestApp } from '../../support/test-app';

interface Counts {
  loads: number;
  records: number;
  persons: number;
  linkedPayments: number;
}

describe('demo data loader (real PostgreSQL, whole service)', () => {
  let t: TestApp;
  let loader: DemoDataLoader;

  const counts = async (): Promise<Counts> => {
    const [row] = await t.db.dataSource.query<Counts[]>(`
      select (select count(*) from feed_load)::int as loads,
             (select count(*) from source_record)::int as records,
             (select count(*) from person)::int as persons,
             (select count(*) from payment where placement_id is not null)::int as "linkedPayments"`);
    if (!row) throw new Error('no counts');
    return row;
  };

  beforeAll(async () => {
    t = await createTestApp();
    loader = t.app.get<DemoDataLoader>(DEMO_DATA_LOADER);
  });
  afterAll(async () => {
    await t.close();
  });

  it('fills an empty database: every feed loaded, persons linked, payments linked; health reports ready', async () => {
    const status = new DemoDataStatus();
    await loader.loadIfEmpty(300, status);
    expect(status.state).toBe('ready');
    const after = await counts();
    expect(after.loads).toBe(6);
    const feeds = await t.db.dataSource.query<Array<{ feed: string; status: string; rejected_count: number }>>(
      `select feed, status, rejected_count from feed_load order by id`,
    );
    expect(feeds.map((f) => f.feed)).toEqual([
      'csc-children',
      'csc-placements',
      'education-pupils',
      'health-patients',
      'finance-payments',
      'consents',
    ]);
    for (const load of feeds) {
      expect(load.status).toBe('completed');
      // The generator's rows are valid canonical rows: nothing quarantined.
      expect(load.rejected_count).toBe(0);
    }
    expect(after.records).toBeGreaterThan(600);
    expect(after.persons).toBeGreaterThan(250);
    expect(after.persons).toBeLessThan(after.records);
    expect(after.linkedPayments).toBeGreaterThan(0);
  });

  it('leaves a database that already holds data alone', async () => {
    const before = await counts();
    const status = new DemoDataStatus();
    await loader.loadIfEmpty(300, status);
    expect(status.state).toBe('present');
    expect(await counts()).toEqual(before);
  });

  it('is what serve calls: the status object is the one /health reports', async () => {
    const status = t.app.get(DemoDataStatus);
    await loader.loadIfEmpty(300, status);
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', demoData: 'present' });
  });
});

import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('service foundation (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('applies every migration to a fresh database', async () => {
    const tables = await t.db.dataSource.query<{ table_name: string }[]>(
      `select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const names = tables.map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(['feed_load', 'source_record', 'quarantine_row']));
  });

  it('answers /health with the database up', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('serves GraphQL', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .send({ query: '{ serviceStatus { status } }' })
      .expect(200);
    expect(res.body.data.serviceStatus.status).toBe('ok');
  });

  it('rejects a completed load whose counts do not add up', async () => {
    await expect(
      t.db.dataSource.query(
        `insert into feed_load (feed, file_name, checksum, status, read_count, accepted_count, new_count) values ('x','f','c','completed',3,2,2)`,
      ),
    ).rejects.toThrow(/feed_load_counts_add_up/);
  });

  it("keeps every load record, so no source record's load_id can dangle", async () => {
    const [load] = await t.db.dataSource.query<Array<{ id: string }>>(
      `insert into feed_load (feed, file_name, checksum) values ('csc-children', 'f.csv', 'c') returning id`,
    );
    const id = load?.id ?? '';
    await expect(t.db.dataSource.query(`delete from feed_load where id = $1`, [id])).rejects.toThrow(
      /feed_load rows are kept/,
    );
    await expect(
      t.db.dataSource.query(`update feed_load set id = id + 1000 where id = $1`, [id]),
    ).rejects.toThrow(/never changes/);
    await expect(t.db.dataSource.query(`truncate feed_load cascade`)).rejects.toThrow(
      /feed_load rows are kept/,
    );
    // Other columns of a load record still change as a load runs and finishes.
    await t.db.dataSource.query(`update feed_load set status = 'failed', error = 'x' where id = $1`, [id]);
    const [after] = await t.db.dataSource.query<Array<{ status: string }>>(
      `select status from feed_load where id = $1`,
      [id],
    );
    expect(after?.status).toBe('failed');
  });
});

import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import { errorCode, gql } from './support/graphql';
import { loadCouncil } from './support/council-fixture';
import { formatError } from '../../src/access/hardening/format-error';

/** Twenty more looked-after children on team north, each with a placement and two payments. */
async function addChildren(db: DataSource, count: number): Promise<void> {
  const [load] = await db.query<Array<{ id: string }>>(
    `insert into feed_load (feed, file_name, checksum, status) values ('csc-children', 'bulk', 'x', 'running') returning id`,
  );
  await db.query(
    `insert into source_record (feed, source_id, version, load_id, row_number, content_hash, payload, std, forename, surname, dob, postcode)
     select 'csc-children', 'B' || n, 1, $1, n, md5(n::text),
            jsonb_build_object('la_child_id', 'B' || n, 'allocated_team', 'north', 'looked_after', 'Y', 'legal_status', 'C2'),
            '{}', 'CHILD' || n, 'BULK', date '2012-01-01' + n, 'WX3 1AA'
     from generate_series(1, $2::int) n`,
    [load!.id, count],
  );
  await db.query(
    `insert into person (id, number) select 'P' || lpad((100 + n)::text, 10, '0'), 100 + n from generate_series(1, $1::int) n`,
    [count],
  );
  await db.query(
    `insert into person_link (feed, source_id, source_record_id, person_id, rule_set_version, method)
     select 'csc-children', s.source_id, s.id, 'P' || lpad((100 + substr(s.source_id, 2)::int)::text, 10, '0'), 'fixture', 'deterministic'
     from source_record s where s.feed = 'csc-children' and s.source_id like 'B%'`,
  );
  await db.query(
    `insert into placement (placement_id, source_record_id, la_child_id, start_date, placement_type, placement_group, provider_name)
     select 'BP' || substr(s.source_id, 2), s.id, s.source_id, date '2025-01-01', 'K2', 'childrens_home', 'Hill House'
     from source_record s where s.feed = 'csc-children' and s.source_id like 'B%'`,
  );
  await db.query(
    `insert into payment (payment_id, source_record_id, placement_ref, amount_gbp, weekly_rate_gbp, placement_id, link_method, link_confidence)
     select 'BPAY' || p.placement_id || '-' || k, p.source_record_id, p.placement_id, 1000 * k, 4000, p.placement_id, 'placement_ref', 1
     from placement p, generate_series(1, 2) k where p.placement_id like 'BP%'`,
  );
}

/** Counts SQL statements sent while `work` runs (a spy on the real DataSource, not a mock). */
async function countQueries(db: DataSource, work: () => Promise<unknown>): Promise<number> {
  const original = db.query.bind(db);
  let count = 0;
  const spy = jest.spyOn(db, 'query').mockImplementation(((...args: Parameters<DataSource['query']>) => {
    count += 1;
    return original(...args);
  }) as DataSource['query']);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return count;
}

/** Puts an environment variable back as it was (unset if it was unset). */
function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe('API hardening (e2e, real PostgreSQL)', () => {
  let t: TestApp;
  const previous = {
    depth: process.env.ACCESS_MAX_QUERY_DEPTH,
    burst: process.env.ACCESS_RATE_LIMIT_BURST,
    perSecond: process.env.ACCESS_RATE_LIMIT_PER_SECOND,
  };
  beforeAll(async () => {
    process.env.ACCESS_MAX_QUERY_DEPTH = '5';
    process.env.ACCESS_RATE_LIMIT_BURST = '200';
    t = await createTestApp();
    await loadCouncil(t.db.dataSource);
    await addChildren(t.db.dataSource, 20);
  });
  afterAll(async () => {
    await t.close();
    restoreEnv('ACCESS_MAX_QUERY_DEPTH', previous.depth);
    restoreEnv('ACCESS_RATE_LIMIT_BURST', previous.burst);
    restoreEnv('ACCESS_RATE_LIMIT_PER_SECOND', previous.perSecond);
  });

  it('refuses a query deeper than the limit before running it', async () => {
    const token = tokenFor(t.app, { role: 'data_steward' });
    const ok = await gql(t.app, '{ person(id: "P0000000001") { golden { forename { value } } } }', { token });
    expect(ok.errors).toBeUndefined();
    const deep = await gql(
      t.app,
      '{ person(id: "P0000000001") { golden { forename { source { feed } alternatives { sources { feed } } } } } }',
      { token },
    );
    expect(errorCode(deep)).toBe('QUERY_TOO_COMPLEX');
    expect(deep.errors?.[0]?.message).toMatch(/depth 6 exceeds 5/);
  });

  it('refuses a query whose complexity (rows requested × fields) is over the limit', async () => {
    const token = tokenFor(t.app, { role: 'data_steward' });
    const fields =
      'id occurredAt subject role purpose operation personIds fields breakGlassReason flaggedForReview hash';
    const res = await gql(t.app, `{ auditLog(first: 200) { entries { ${fields} } } }`, { token });
    expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
    const small = await gql(t.app, `{ auditLog(first: 10) { entries { ${fields} } } }`, { token });
    expect(small.errors).toBeUndefined();
  });

  it('refuses request bodies over the size limit', async () => {
    const token = tokenFor(t.app, { role: 'data_steward' });
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ query: `{ serviceStatus { status } } #${'x'.repeat(200_000)}` }));
    expect(res.status).toBe(413);
  });

  it('gives a request 30 s to arrive whole (a body trickled forever is cut off), and says nothing of its framework', async () => {
    expect((t.app.getHttpServer() as Server).requestTimeout).toBe(30_000);
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers.server).toBeUndefined();
    const broken = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": "{ serviceStatus { status } }", "secret-looking": ');
    expect(broken.status).toBe(400);
    expect(broken.text).not.toMatch(/secret-looking|serviceStatus|fastify|FST_/i);
    // A URL that does not decode: a fixed reply that does not repeat it.
    const badUrl = await request(t.app.getHttpServer()).get('/health/%E0%A4%A-P0000000042');
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'malformed request' });
    expect(badUrl.text).not.toMatch(/P0000000042|%E0|FST_/i);
  });

  it('loads a page of pseudonymised rows in the same number of queries whatever its size (DataLoader, no N+1)', async () => {
    const analyst = tokenFor(t.app, { role: 'analyst' });
    const query = (first: number): string =>
      `{ analystRows(first: ${first}) { rows { pseudoId totalCostGbp placements { placementGroup costGbp } } } }`;
    const few = await countQueries(t.db.dataSource, () => gql(t.app, query(3), { token: analyst }));
    const many = await countQueries(t.db.dataSource, () => gql(t.app, query(20), { token: analyst }));
    const res = await gql<{ analystRows: { rows: Array<{ totalCostGbp: number }> } }>(t.app, query(20), {
      token: analyst,
    });
    expect(res.data?.analystRows.rows).toHaveLength(20);
    expect(res.data?.analystRows.rows.filter((r) => r.totalCostGbp === 3000)).toHaveLength(18);
    expect(many).toBe(few);
    expect(many).toBeLessThan(15);
  });

  it('pages pseudonymised rows with opaque cursors that do not reveal or accept person ids', async () => {
    const analyst = tokenFor(t.app, { role: 'analyst' });
    type Page = {
      analystRows: { rows: Array<{ pseudoId: string }>; endCursor: string; hasNextPage: boolean };
    };
    const first = await gql<Page>(
      t.app,
      '{ analystRows(first: 15) { rows { pseudoId } endCursor hasNextPage } }',
      { token: analyst },
    );
    expect(first.data?.analystRows.hasNextPage).toBe(true);
    expect(first.data?.analystRows.endCursor).not.toMatch(/P\d{10}/);
    const next = await gql<Page>(
      t.app,
      `{ analystRows(first: 15, after: "${first.data?.analystRows.endCursor}") { rows { pseudoId } hasNextPage } }`,
      {
        token: analyst,
      },
    );
    const ids = [...(first.data?.analystRows.rows ?? []), ...(next.data?.analystRows.rows ?? [])].map(
      (r) => r.pseudoId,
    );
    expect(ids).toHaveLength(22); // Alice, Ben and the 20 bulk children; the sealed identity never
    expect(new Set(ids).size).toBe(22);
    expect(next.data?.analystRows.hasNextPage).toBe(false);
    const forged = await gql(t.app, '{ analystRows(first: 5, after: "P0000000001") { rows { pseudoId } } }', {
      token: analyst,
    });
    expect(errorCode(forged)).toBe('BAD_USER_INPUT');
  });

  it('ICB cohort: small numbers suppressed, others rounded to 5, no relation with a single suppressed value', async () => {
    const icb = tokenFor(t.app, { role: 'icb_partner', organisation: 'ICB-WX', purpose: 'commissioning' });
    type Value = { count: number | null; suppressed: boolean };
    type Result = {
      cohort: { rows: string[]; cells: Array<Value & { row: string }>; columnTotals: Value[]; total: Value };
    };
    const res = await gql<Result>(
      t.app,
      '{ cohort(input: { rows: PLACEMENT_GROUP }) { rows cells { row count suppressed } columnTotals { count suppressed } total { count suppressed } } }',
      {
        token: icb,
      },
    );
    expect(res.errors).toBeUndefined();
    const cohort = res.data!.cohort;
    // 20 in children's homes, Alice fostering (agency), Ben not placed; the sealed child is not counted.
    expect(cohort.rows).toEqual(['childrens_home', 'fostering_agency', 'not placed']);
    expect(cohort.cells).toEqual([
      { row: 'childrens_home', count: 20, suppressed: false },
      { row: 'fostering_agency', count: null, suppressed: true },
      { row: 'not placed', count: null, suppressed: true },
    ]);
    expect(cohort.total).toEqual({ count: 20, suppressed: false }); // 22 rounded to 20
    for (const value of [...cohort.cells, ...cohort.columnTotals, cohort.total]) {
      if (!value.suppressed) expect((value.count ?? -1) % 5).toBe(0);
      if (!value.suppressed) expect(value.count === 0 || (value.count ?? 0) > 7).toBe(true);
    }
    expect(cohort.cells.filter((c) => c.suppressed).length).not.toBe(1);
  });

  it('limits each subject to its token bucket', async () => {
    const burst = process.env.ACCESS_RATE_LIMIT_BURST;
    const perSecond = process.env.ACCESS_RATE_LIMIT_PER_SECOND;
    process.env.ACCESS_RATE_LIMIT_BURST = '3';
    process.env.ACCESS_RATE_LIMIT_PER_SECOND = '0.01';
    const limited = await createTestApp();
    try {
      const one = tokenFor(limited.app, { role: 'data_steward', subject: 'busy' });
      const codes: Array<string | undefined> = [];
      for (let i = 0; i < 5; i++)
        codes.push(errorCode(await gql(limited.app, '{ auditVerification { ok } }', { token: one })));
      expect(codes).toEqual([undefined, undefined, undefined, 'RATE_LIMITED', 'RATE_LIMITED']);
      const other = tokenFor(limited.app, { role: 'data_steward', subject: 'someone-else' });
      expect(
        errorCode(await gql(limited.app, '{ auditVerification { ok } }', { token: other })),
      ).toBeUndefined();
    } finally {
      await limited.close();
      restoreEnv('ACCESS_RATE_LIMIT_BURST', burst);
      restoreEnv('ACCESS_RATE_LIMIT_PER_SECOND', perSecond);
    }
  });

  it('turns introspection and field suggestions off outside development', async () => {
    const production = await createTestApp({ NODE_ENV: 'production', AUDIT_KEY: 'test-audit-key' });
    try {
      const token = tokenFor(production.app, { role: 'data_steward' });
      const introspection = await gql(production.app, '{ __schema { types { name } } }', { token });
      expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
      const typo = await gql(production.app, '{ childRecrd(personId: "x") { personId } }', { token });
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
      const dev = await gql(t.app, '{ __schema { queryType { name } } }', {
        token: tokenFor(t.app, { role: 'data_steward' }),
      });
      expect(dev.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await production.close();
    }
  });

  it('never repeats an internal error message (it could quote data)', () => {
    const format = formatError(false);
    const leaked = format({
      message: 'duplicate key value violates unique constraint: (nhs_number)=(9990000018)',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(leaked).toEqual({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const uncoded = format({ message: 'Cannot read properties of undefined (reading surname)' });
    expect(uncoded.message).toBe('internal error');
    expect(format({ message: 'not found', extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } })).toEqual(
      {
        message: 'not found',
        extensions: { code: 'NOT_FOUND' },
      },
    );
  });
});

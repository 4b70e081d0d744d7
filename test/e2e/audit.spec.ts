import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import { gql } from './support/graphql';
import { ALICE, loadCouncil } from './support/council-fixture';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** `childlink audit verify --json` against the test database; its last stdout line, parsed. */
async function cliVerify(
  databaseUrl: string,
): Promise<{ code: number; result: { ok: boolean; rows: number; firstBadId: string | null } }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'src/cli/main.ts', 'audit', 'verify', '--json'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test' },
      },
    );
    return { code: 0, result: JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, result: JSON.parse(failed.stdout.trim().split('\n').at(-1) ?? '{}') };
  }
}

describe('access audit: append-only and hash-chained (e2e, real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await loadCouncil(t.db.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  it('chains concurrent reads without a gap and verifies', async () => {
    const sw = tokenFor(t.app, { role: 'social_worker', team: 'north' });
    const query = `{ childRecord(personId: "${ALICE}") { personId identity { surname } } }`;
    const results = await Promise.all(Array.from({ length: 12 }, () => gql(t.app, query, { token: sw })));
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const steward = tokenFor(t.app, { role: 'data_steward' });
    const verified = await gql(t.app, '{ auditVerification { ok rows firstBadId } }', { token: steward });
    expect(verified.data).toEqual({ auditVerification: { ok: true, rows: 12, firstBadId: null } });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.db.dataSource.query(`update access_audit set subject = 'someone-else'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.dataSource.query(`delete from access_audit`)).rejects.toThrow(/append-only/);
    await expect(t.db.dataSource.query(`truncate access_audit`)).rejects.toThrow(/append-only/);
  });

  it('pages the audit for data stewards by cursor, newest first', async () => {
    const steward = tokenFor(t.app, { role: 'data_steward' });
    type Page = { auditLog: { entries: Array<{ id: string }>; endCursor: string; hasNextPage: boolean } };
    const first = await gql<Page>(t.app, '{ auditLog(first: 5) { entries { id } endCursor hasNextPage } }', {
      token: steward,
    });
    const second = await gql<Page>(
      t.app,
      `{ auditLog(first: 5, after: "${first.data?.auditLog.endCursor}") { entries { id } endCursor hasNextPage } }`,
      {
        token: steward,
      },
    );
    const ids = [...(first.data?.auditLog.entries ?? []), ...(second.data?.auditLog.entries ?? [])].map((e) =>
      Number(e.id),
    );
    expect(ids).toHaveLength(10);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(10);
    expect(first.data?.auditLog.hasNextPage).toBe(true);
    const sw = await gql(t.app, '{ auditLog(first: 5) { entries { id } } }', {
      token: tokenFor(t.app, { role: 'social_worker', team: 'north' }),
    });
    expect(sw.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('`childlink audit verify` passes on the intact chain and detects an edited row', async () => {
    const intact = await cliVerify(t.db.url);
    expect(intact.code).toBe(0);
    expect(intact.result.ok).toBe(true);
    expect(intact.result.rows).toBeGreaterThan(10);

    // Someone with superuser rights goes round the trigger and rewrites who read the record.
    const [victim] = await t.db.dataSource.query<Array<{ id: string }>>(
      `select id::text from access_audit order by id limit 1 offset 3`,
    );
    await t.db.dataSource.query(`alter table access_audit disable trigger access_audit_no_change`);
    await t.db.dataSource.query(`update access_audit set subject = 'nobody' where id = $1`, [victim!.id]);
    await t.db.dataSource.query(`alter table access_audit enable trigger access_audit_no_change`);

    const tampered = await cliVerify(t.db.url);
    expect(tampered.code).toBe(1);
    expect(tampered.result).toMatchObject({ ok: false, firstBadId: victim!.id });
  }, 60_000);

  it.each([
    [
      'plain sha256',
      (prev: string, text: string) => createHash('sha256').update(`${prev}\n${text}`).digest('hex'),
    ],
    [
      'another key',
      (prev: string, text: string) =>
        createHmac('sha256', 'guessed-key').update(`${prev}\n${text}`).digest('hex'),
    ],
  ])(
    'a superuser who edits a row and recomputes the whole chain with %s still fails verification',
    async (_, rehash) => {
      // A fresh audit on its own database: rewrite every row's hashes from the genesis.
      const own = await createTestApp();
      try {
        await loadCouncil(own.db.dataSource);
        const sw = tokenFor(own.app, { role: 'social_worker', team: 'north' });
        for (let i = 0; i < 3; i += 1)
          await gql(own.app, `{ childRecord(personId: "${ALICE}") { personId } }`, { token: sw });
        const ds = own.db.dataSource;
        type Raw = {
          id: string;
          occurred_at: Date;
          subject: string;
          role: string;
          purpose: string;
          operation: string;
          person_ids: string[];
          fields: string[];
          break_glass_reason: string | null;
          flagged_for_review: boolean;
        };
        const rows = await ds.query<Raw[]>(`select * from access_audit order by id`);
        expect(rows.length).toBe(3);
        await ds.query(`alter table access_audit disable trigger access_audit_no_change`);
        let prev = '0'.repeat(64);
        for (const [i, row] of rows.entries()) {
          const subject = i === 1 ? 'nobody' : row.subject;
          const text = JSON.stringify([
            row.occurred_at.toISOString(),
            subject,
            row.role,
            row.purpose,
            row.operation,
            row.person_ids,
            row.fields,
            row.break_glass_reason,
            row.flagged_for_review,
          ]);
          const hash = rehash(prev, text);
          await ds.query(`update access_audit set subject = $2, prev_hash = $3, hash = $4 where id = $1`, [
            row.id,
            subject,
            prev,
            hash,
          ]);
          prev = hash;
        }
        await ds.query(`alter table access_audit enable trigger access_audit_no_change`);
        const result = await cliVerify(own.db.url);
        expect(result.code).toBe(1);
        expect(result.result).toMatchObject({ ok: false, firstBadId: rows[0]!.id });
      } finally {
        await own.close();
      }
    },
    60_000,
  );
});

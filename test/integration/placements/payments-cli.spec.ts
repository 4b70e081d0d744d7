import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { registerExportPayments } from '../../../src/cli/commands/export-payments.command';
import { registerLinkPayments } from '../../../src/cli/commands/link-payments.command';
import { PlacementFixtures } from './placement-fixtures';

const childlink = (args: string[]): Promise<string> => runCli([registerLinkPayments, registerExportPayments], args);

describe('childlink link-payments and export payments (real PostgreSQL)', () => {
  let db: TestDatabase;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: db.url, JWT_SECRET: 'test-secret-not-for-production', DEMO_CHILDREN: '0' });
    const fx = new PlacementFixtures(db.dataSource);
    await fx.children([{ la_child_id: 'C1', forename: 'Amelia', surname: 'Okafor' }]);
    await fx.placements([
      { placement_id: 'PL1', la_child_id: 'C1', start_date: '2024-01-01', placement_type: 'U6', provider_id: 'IFA1', provider_name: 'Harbour Fostering' },
    ]);
    await fx.payments([
      { payment_id: 'PAY1', placement_ref: 'PL1', provider_id: 'IFA1', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '3600.00' },
      { payment_id: 'PAY2', provider_id: 'IFA1', client_ref: 'C1', period_start: '2024-04-29', period_end: '2024-05-26', amount_gbp: '3600.00' },
      { payment_id: 'PAY3', provider_id: 'ZZ', client_name: 'Nobody', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '50.00' },
    ]);
  });

  afterAll(async () => {
    process.env = saved;
    await db.drop();
  });

  it('link-payments --json prints reconciling figures on the last line', async () => {
    const out = await childlink(['link-payments', '--json']);
    const figures = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(figures).toMatchObject({ payments: 3, byPlacementRef: 1, byClientRef: 1, unmatched: 1, amountLoaded: '7250.00', amountUnmatched: '50.00' });
  });

  it('export payments writes payment_id,placement_id,method,confidence with blanks when unlinked', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'childlink-')), 'payments.csv');
    const out = await childlink(['export', 'payments', '--out', file, '--json']);
    expect(JSON.parse(out.trim().split('\n').pop() ?? '{}')).toMatchObject({ rows: 3, linked: 2, unlinked: 1 });
    expect(readFileSync(file, 'utf8')).toBe(
      'payment_id,placement_id,method,confidence\nPAY1,PL1,placement_ref,1\nPAY2,PL1,client_ref,1\nPAY3,,,\n',
    );
    // A bulk export of person-level data is audited like any read.
    const audit = await db.dataSource.query<Array<{ operation: string; role: string; subject: string }>>(
      `select operation, role, subject from access_audit where operation like 'export payments%'`,
    );
    expect(audit).toEqual([expect.objectContaining({ operation: 'export payments (3 payments)', role: 'data_steward' })]);
    expect(audit[0]?.subject).toMatch(/^cli:/);
  });
});

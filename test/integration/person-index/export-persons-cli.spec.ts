import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { registerExportPersons } from '../../../src/cli/commands/export-persons.command';
import { insertRecords, ref, seedPersons } from './fixtures';

const childlink = (args: string[]): Promise<string> => runCli([registerExportPersons], args);

describe('childlink export persons (real PostgreSQL)', () => {
  let db: TestDatabase;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: db.url, JWT_SECRET: 'test-secret-not-for-production', DEMO_CHILDREN: '0' });
    await insertRecords(db.dataSource, [
      { feed: 'csc-children', sourceId: 'C1', forename: 'AVA', surname: 'OKAFOR', dob: '2015-03-02' },
      { feed: 'education-pupils', sourceId: 'E1', forename: 'AVA', surname: 'OKAFOR', dob: '2015-03-02' },
      { feed: 'health-patients', sourceId: 'H9', forename: 'LEO', surname: 'BRADLEY', dob: '2012-07-09' },
    ]);
    await seedPersons(db.dataSource, [[ref('csc-children', 'C1'), ref('education-pupils', 'E1')]]);
  });

  afterAll(async () => {
    process.env = saved;
    await db.drop();
  });

  it('writes feed,source_id,person_id for every active record (blank when not linked yet) and audits the export', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'childlink-')), 'persons.csv');
    const out = await childlink(['export', 'persons', '--out', file, '--json']);
    expect(JSON.parse(out.trim().split('\n').pop() ?? '{}')).toMatchObject({ rows: 3, unlinked: 1 });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('feed,source_id,person_id');
    const [c1, e1, h9] = [lines[1], lines[2], lines[3]].map((l) => (l ?? '').split(','));
    expect(c1?.slice(0, 2)).toEqual(['csc-children', 'C1']);
    expect(e1?.slice(0, 2)).toEqual(['education-pupils', 'E1']);
    expect(c1?.[2]).toMatch(/^P\d+$/);
    expect(e1?.[2]).toBe(c1?.[2]);
    expect(h9).toEqual(['health-patients', 'H9', '']);
    const audit = await db.dataSource.query<Array<{ operation: string; role: string }>>(
      `select operation, role from access_audit where operation like 'export persons%'`,
    );
    expect(audit).toEqual([{ operation: 'export persons (3 records)', role: 'data_steward' }]);
  });
});

import { join } from 'node:path';
import { registerIngest } from '../../../src/cli/commands/ingest.command';
import { runCliStatus } from '../../support/cli';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { FIXTURES } from './feed-test-kit';

/** Runs `childlink ingest …` in-process against the test database; returns stdout and the exit code. */
const childlink = (args: string[]): Promise<{ out: string; exitCode: number }> => runCliStatus([registerIngest], args);

const lastJson = (out: string): Record<string, unknown> =>
  JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;

describe('childlink ingest (real PostgreSQL)', () => {
  let db: TestDatabase;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase();
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      JWT_SECRET: 'test-secret-not-for-production',
      DEMO_CHILDREN: '0',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await db.drop();
  });

  it('--json prints the load id and counts on the last line; the human form says the same', async () => {
    const file = join(FIXTURES, 'csc-placements.good.csv');
    const { out, exitCode } = await childlink([
      'ingest',
      '--feed',
      'csc-placements',
      '--file',
      file,
      '--json',
    ]);
    expect(exitCode).toBe(0);
    expect(lastJson(out)).toMatchObject({
      feed: 'csc-placements',
      status: 'completed',
      read: 3,
      accepted: 3,
      rejected: 0,
      unchanged: 0,
      newRecords: 3,
    });
    const again = await childlink(['ingest', '--feed', 'csc-placements', '--file', file]);
    expect(again.out).toMatch(
      /^load \d+ \(csc-placements, csc-placements\.good\.csv\): read 3, accepted 0 \(0 new, 0 changed\), rejected 0, unchanged 3\n$/,
    );
  });

  it('a refused file is reported with exit code 1, not a crash', async () => {
    const file = join(FIXTURES, 'csc-children.unknown-column.csv');
    const { out, exitCode } = await childlink(['ingest', '--feed', 'csc-children', '--file', file, '--json']);
    expect(exitCode).toBe(1);
    expect(lastJson(out)).toMatchObject({
      status: 'failed',
      read: 0,
      error: expect.stringContaining('unknown column "ethnic_group"'),
    });
    const unknownFeed = await childlink(['ingest', '--feed', 'school-meals', '--file', file]);
    expect(unknownFeed.exitCode).toBe(1);
    expect(unknownFeed.out).toContain('failed: unknown feed "school-meals"');
  });
});

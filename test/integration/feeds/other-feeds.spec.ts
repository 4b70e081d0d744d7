import { createFeedTestKit, loadRecord, quarantineOf, type FeedTestKit } from './feed-test-kit';

/**
 * Every canonical feed besides csc-children (which has its own suite): good rows, its typical bad
 * rows, reload idempotence and a changed row, with counts that add up on every load.
 */
interface FeedCase {
  feed: string;
  good: { file: string; rows: number };
  /** A value in the good file to change, and what to change it to. */
  change: [string, string];
  changedSourceId: string;
  bad: { file: string; read: number; accepted: number; reasons: Record<number, string[]> };
}

const CASES: FeedCase[] = [
  {
    feed: 'csc-placements',
    good: { file: 'csc-placements.good.csv', rows: 3 },
    change: ['2024-07-01,,K2', '2024-07-01,2025-01-31,K2'],
    changedSourceId: 'P002',
    bad: {
      file: 'csc-placements.bad.csv',
      read: 4,
      accepted: 1,
      reasons: {
        2: ['end_date is before start_date'],
        3: ['bad value in placement_type: "Z9" (allowed: A3, A4, A5, A6, H5, K1, K2, P1, P2, P3, R1, R2, …)'],
        4: ['missing required value: start_date'],
      },
    },
  },
  {
    feed: 'education-pupils',
    good: { file: 'education-pupils.good.csv', rows: 3 },
    change: ['88.0,1', '87.5,2'],
    changedSourceId: 'E002',
    bad: {
      file: 'education-pupils.bad.csv',
      read: 3,
      accepted: 1,
      reasons: {
        2: ['attendance_pct out of range: 120 (allowed 0 to 100)'],
        3: [
          'future date in dob: 2027-01-01',
          'bad value in sen_provision: "Q" (allowed: N, K, E)',
          'exclusions out of range: -1 (allowed 0 to …)',
        ],
      },
    },
  },
  {
    feed: 'health-patients',
    good: { file: 'health-patients.good.csv', rows: 3 },
    change: ['2016-08-01,,N', '2016-08-01,2026-05-01,N'],
    changedSourceId: 'H002',
    bad: {
      file: 'health-patients.bad.csv',
      read: 2,
      accepted: 0,
      reasons: {
        2: ['future date in dob: 2027-01-01'],
        3: [
          'missing required value: local_patient_id',
          'bad yes/no value in immunisations_up_to_date: "perhaps"',
        ],
      },
    },
  },
  {
    feed: 'finance-payments',
    good: { file: 'finance-payments.good.csv', rows: 3 },
    change: ['-250', '-275.50'],
    changedSourceId: 'F003',
    bad: {
      file: 'finance-payments.bad.csv',
      read: 2,
      accepted: 0,
      reasons: {
        2: ['bad number in amount_gbp: "abc"'],
        3: ['future date in paid_on: 2027-02-20', 'period_end is before period_start'],
      },
    },
  },
  {
    feed: 'consents',
    good: { file: 'consents.good.csv', rows: 3 },
    change: ['public_task,granted', 'public_task,refused'],
    changedSourceId: 'health-patients|H002|direct_care||2024-01-01',
    bad: {
      file: 'consents.bad.csv',
      read: 3,
      accepted: 0,
      reasons: {
        2: ['bad value in status: "maybe" (allowed: granted, refused, withdrawn)'],
        3: [
          'bad value in subject_feed: "social-care" (allowed: csc-children, csc-placements, education-pupils, health-patients, finance-payments, consents)',
        ],
        4: ['valid_to is before valid_from'],
      },
    },
  },
];

describe.each(CASES)('ingest $feed (real PostgreSQL)', (feedCase) => {
  let kit: FeedTestKit;

  beforeAll(async () => {
    kit = await createFeedTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it('loads good rows, then an identical reload is all unchanged and a changed row is a new version', async () => {
    const first = await kit.ingest(feedCase.feed, feedCase.good.file);
    const n = feedCase.good.rows;
    expect(first).toMatchObject({
      status: 'completed',
      read: n,
      accepted: n,
      newRecords: n,
      rejected: 0,
      unchanged: 0,
    });
    await loadRecord(kit, first.loadId);

    const again = await kit.ingest(feedCase.feed, feedCase.good.file);
    expect(again).toMatchObject({ status: 'completed', read: n, accepted: 0, rejected: 0, unchanged: n });
    await loadRecord(kit, again.loadId);

    const [from, to] = feedCase.change;
    const text = kit.fixture(feedCase.good.file);
    expect(text).toContain(from);
    const changed = await kit.ingest(
      feedCase.feed,
      kit.write(`${feedCase.feed}.changed.csv`, text.replace(from, to)),
    );
    expect(changed).toMatchObject({
      read: n,
      accepted: 1,
      changedRecords: 1,
      newRecords: 0,
      unchanged: n - 1,
      rejected: 0,
    });
    await loadRecord(kit, changed.loadId);
    const versions = await kit.query<{ version: number; is_current: boolean; load_id: string }>(
      'select version, is_current, load_id::text from source_record where feed = $1 and source_id = $2 order by version',
      [feedCase.feed, feedCase.changedSourceId],
    );
    expect(versions).toEqual([
      { version: 1, is_current: false, load_id: first.loadId },
      { version: 2, is_current: true, load_id: changed.loadId },
    ]);
    const [{ n: current } = { n: '0' }] = await kit.query<{ n: string }>(
      'select count(*) as n from source_record where feed = $1 and is_current',
      [feedCase.feed],
    );
    expect(Number(current)).toBe(n);
  });

  it('quarantines bad rows with every reason', async () => {
    const summary = await kit.ingest(feedCase.feed, feedCase.bad.file);
    const { read, accepted } = feedCase.bad;
    expect(summary).toMatchObject({
      status: 'completed',
      read,
      accepted,
      rejected: read - accepted,
      unchanged: 0,
    });
    await loadRecord(kit, summary.loadId);
    const rows = await quarantineOf(kit, summary.loadId);
    expect(Object.fromEntries(rows.map((r) => [r.row_number, r.reasons]))).toEqual(feedCase.bad.reasons);
  });
});

describe('feed-specific standardisation', () => {
  let kit: FeedTestKit;

  beforeAll(async () => {
    kit = await createFeedTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it('health: given/family names fill the identity columns; an invalid NHS number is kept raw but not used', async () => {
    const summary = await kit.ingest('health-patients', 'health-patients.good.csv');
    const rows = await kit.query<{
      source_id: string;
      forename: string;
      surname: string;
      sex: string;
      nhs_number: string | null;
      payload: Record<string, string>;
      std: Record<string, unknown>;
    }>(
      'select source_id, forename, surname, sex, nhs_number, payload, std from source_record where load_id = $1 order by source_id',
      [summary.loadId],
    );
    expect(rows.map((r) => [r.source_id, r.forename, r.surname, r.sex, r.nhs_number])).toEqual([
      ['H001', 'OLIVER', 'SMITH', 'M', '9990000018'],
      ['H002', 'AMELIA', 'OBRIEN JONES', 'F', '9990000085'],
      ['H003', 'RAVI', 'PATEL', 'M', null],
    ]);
    expect(rows[2]?.payload.nhs_number).toBe('9990000011');
    expect(rows[2]?.std).toMatchObject({ nhs_number_valid: false, immunisations_up_to_date: true });
    const [nhs] = await kit.query<{ rows_present: number; rows_valid: number }>(
      `select rows_present, rows_valid from data_quality_metric where load_id = $1 and field = 'nhs_number'`,
      [summary.loadId],
    );
    expect(nhs).toEqual({ rows_present: 3, rows_valid: 2 });
  });

  it('finance: amounts as finance systems print them become numbers in std', async () => {
    const summary = await kit.ingest('finance-payments', 'finance-payments.good.csv');
    const rows = await kit.query<{
      source_id: string;
      std: Record<string, unknown>;
      payload: Record<string, string>;
    }>('select source_id, std, payload from source_record where load_id = $1 order by source_id', [
      summary.loadId,
    ]);
    expect(rows.map((r) => r.std.amount_gbp)).toEqual([1200, 18000.5, -250]);
    expect(rows[0]?.payload.amount_gbp).toBe('£1,200.00');
    // Blank columns are left out of std and payload.
    expect(rows[1]?.std).not.toHaveProperty('placement_ref');
    expect(rows[1]?.payload).not.toHaveProperty('placement_ref');
  });

  it('education: preferred surname becomes an alternative surname; UPN validated by its check letter', async () => {
    const summary = await kit.ingest('education-pupils', 'education-pupils.good.csv');
    const rows = await kit.query<{
      source_id: string;
      surname: string;
      alt_surnames: string[] | null;
      upn: string | null;
      std: Record<string, unknown>;
    }>(
      'select source_id, surname, alt_surnames, upn, std from source_record where load_id = $1 order by source_id',
      [summary.loadId],
    );
    expect(rows.map((r) => [r.source_id, r.surname, r.alt_surnames, r.upn])).toEqual([
      ['E001', 'SMITH', null, 'D936200115001'],
      ['E002', 'OBRIEN JONES', ['JONES'], 'T936200115002'],
      ['E003', 'PATEL', null, null],
    ]);
    expect(rows[1]?.std).toMatchObject({
      former_upn: 'T936200116003',
      former_upn_valid: true,
      sen_provision: 'K',
      fsm_eligible: true,
      attendance_pct: 88,
    });
    expect(rows[2]?.std).toMatchObject({ upn_valid: false });
    expect(rows[2]?.std).not.toHaveProperty('attendance_pct');
  });

  it('two loads of one feed at once run one after the other: one writes, the other finds it unchanged', async () => {
    const [a, b] = await Promise.all([
      kit.ingest('csc-placements', 'csc-placements.good.csv'),
      kit.ingest('csc-placements', 'csc-placements.good.csv'),
    ]);
    expect([a.status, b.status]).toEqual(['completed', 'completed']);
    expect([a.accepted + b.accepted, a.unchanged + b.unchanged]).toEqual([3, 3]);
    const [current] = await kit.query<{ n: string }>(
      `select count(*) as n from source_record where feed = 'csc-placements' and is_current`,
    );
    expect(current?.n).toBe('3');
  });

  it('JSON lines: keys map like headers; bad JSON, non-objects and unknown keys are rejected per row', async () => {
    const summary = await kit.ingest('education-pupils', 'education-pupils.jsonl');
    // E001 and E002 were loaded from CSV above with more columns: their JSON lines are changed versions.
    expect(summary).toMatchObject({
      status: 'completed',
      format: 'jsonl',
      read: 5,
      accepted: 2,
      changedRecords: 2,
      unchanged: 0,
      rejected: 3,
    });
    await loadRecord(kit, summary.loadId);
    const rows = await quarantineOf(kit, summary.loadId);
    expect(rows.map((r) => [r.row_number, r.reasons])).toEqual([
      [4, ['invalid JSON']],
      [5, ['not a JSON object']],
      [6, ['unknown field "shoe_size"']],
    ]);
  });

  it('JSON lines with a changed value becomes a new version, numbers and booleans read as text', async () => {
    const text = kit
      .fixture('education-pupils.jsonl')
      .replace('"attendance_pct":96.5', '"attendance_pct":95');
    const summary = await kit.ingest('education-pupils', kit.write('pupils.ndjson', text));
    expect(summary).toMatchObject({
      format: 'jsonl',
      read: 5,
      accepted: 1,
      changedRecords: 1,
      unchanged: 1,
      rejected: 3,
    });
    const [row] = await kit.query<{
      version: number;
      payload: Record<string, string | null>;
      std: Record<string, unknown>;
    }>(
      `select version, payload, std from source_record where feed = 'education-pupils' and source_id = 'E001' and is_current`,
    );
    expect(row).toMatchObject({ version: 3 });
    expect(row?.payload).toMatchObject({ attendance_pct: '95', fsm_eligible: 'false', exclusions: '0' });
    expect(row?.std).toMatchObject({ attendance_pct: 95, fsm_eligible: false, exclusions: 0 });
  });
});

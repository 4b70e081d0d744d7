import { join } from 'node:path';
import { createFeedTestKit, loadRecord, MAPPINGS, quarantineOf, type FeedTestKit } from './feed-test-kit';

interface SourceRecordView {
  source_id: string;
  version: number;
  is_current: boolean;
  row_number: number;
  payload: Record<string, string | null>;
  std: Record<string, unknown>;
  forename: string | null;
  middle_names: string | null;
  surname: string | null;
  alt_surnames: string[] | null;
  dob: string | null;
  sex: string | null;
  postcode: string | null;
  nhs_number: string | null;
  upn: string | null;
}

describe('ingest csc-children (real PostgreSQL)', () => {
  let kit: FeedTestKit;

  beforeAll(async () => {
    kit = await createFeedTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  const records = (loadId: string): Promise<SourceRecordView[]> =>
    kit.query<SourceRecordView>(
      `select source_id, version, is_current, row_number, payload, std, forename, middle_names, surname, alt_surnames,
              dob::text as dob, sex, postcode, nhs_number, upn
       from source_record where load_id = $1 order by row_number`,
      [loadId],
    );

  it('loads good rows with standardised identity columns, raw payload and validity flags', async () => {
    const summary = await kit.ingest('csc-children', 'csc-children.good.csv');
    expect(summary).toMatchObject({
      status: 'completed',
      read: 4,
      accepted: 4,
      rejected: 0,
      unchanged: 0,
      newRecords: 4,
    });
    await loadRecord(kit, summary.loadId);
    const [oliver, amelia, unborn, adopted] = await records(summary.loadId);
    expect(oliver).toMatchObject({
      source_id: 'C0001',
      version: 1,
      is_current: true,
      row_number: 2,
      forename: 'OLIVER',
      middle_names: 'JAMES',
      surname: 'SMITH',
      dob: '2015-03-01',
      sex: 'M',
      postcode: 'SW1A 1AA',
      nhs_number: '9990000018',
      upn: 'D936200115001',
    });
    expect(oliver?.std).toMatchObject({
      nhs_number_valid: true,
      upn_valid: true,
      postcode_valid: true,
      cp_plan: false,
      looked_after: true,
    });
    // A quoted newline inside a field is part of the value; the next row starts two lines on.
    expect(amelia).toMatchObject({
      row_number: 3,
      surname: 'OBRIEN JONES',
      alt_surnames: ['WALSH'],
      nhs_number: '9990000085',
      postcode: 'SW1A 2AA',
    });
    expect(amelia?.payload.address_line1).toBe('Flat 2,\n3 Low Road');
    expect(amelia?.payload.nhs_number).toBe('999 000 0085');
    // Unborn child: no forename, a future dob kept and flagged as the expected date of delivery.
    expect(unborn).toMatchObject({ row_number: 5, forename: null, dob: '2026-09-01', sex: null });
    expect(unborn?.std).toMatchObject({ dob_expected: true, sex: 'U' });
    // Invalid identifiers do not reject the row: raw kept, flagged invalid, identity columns null.
    expect(adopted).toMatchObject({
      forename: 'ZOE',
      surname: 'MULLER',
      nhs_number: null,
      upn: null,
      postcode: null,
    });
    expect(adopted?.payload).toMatchObject({
      nhs_number: '9990000019',
      upn: 'A936200115001',
      postcode: 'QQ1 1AA',
      forename: 'Zoë',
    });
    expect(adopted?.std).toMatchObject({
      nhs_number_valid: false,
      upn_valid: false,
      postcode_valid: false,
      sealed_pre_adoption: true,
    });
    expect(oliver?.std.sealed_pre_adoption).toBe(false);

    const quality = await kit.query<{
      field: string;
      rows_total: number;
      rows_present: number;
      rows_valid: number;
      rows_flagged: number;
      distinct_values: number | null;
      duplicate_values: number | null;
    }>('select * from data_quality_metric where load_id = $1', [summary.loadId]);
    const byField = new Map(quality.map((q) => [q.field, q]));
    expect(byField.get('nhs_number')).toMatchObject({
      rows_total: 4,
      rows_present: 3,
      rows_valid: 2,
      distinct_values: 2,
      duplicate_values: 0,
    });
    expect(byField.get('forename')).toMatchObject({ rows_present: 3, rows_valid: 3 });
    expect(byField.get('dob')).toMatchObject({ rows_present: 4, rows_valid: 4, rows_flagged: 1 });
    expect(byField.get('la_child_id')).toMatchObject({ distinct_values: 4, duplicate_values: 0 });
    expect(quality).toHaveLength(18);
  });

  it('reloading the identical file changes nothing; a changed row becomes version 2', async () => {
    const again = await kit.ingest('csc-children', 'csc-children.good.csv');
    expect(again).toMatchObject({ status: 'completed', read: 4, accepted: 0, rejected: 0, unchanged: 4 });
    expect(await records(again.loadId)).toHaveLength(0);

    const changed = kit.write(
      'csc-children.changed.csv',
      kit.fixture('csc-children.good.csv').replace('SW1A 1AA,1 High Street', 'M1 1AE,9 New Road'),
    );
    const summary = await kit.ingest('csc-children', changed);
    expect(summary).toMatchObject({
      read: 4,
      accepted: 1,
      changedRecords: 1,
      newRecords: 0,
      unchanged: 3,
      rejected: 0,
    });
    await loadRecord(kit, summary.loadId);
    const versions = await kit.query<{ version: number; is_current: boolean; postcode: string }>(
      `select version, is_current, postcode from source_record where feed = 'csc-children' and source_id = 'C0001' order by version`,
    );
    expect(versions).toEqual([
      { version: 1, is_current: false, postcode: 'SW1A 1AA' },
      { version: 2, is_current: true, postcode: 'M1 1AE' },
    ]);
  });

  it('quarantines every kind of bad row with every reason, and accepts the rest', async () => {
    const summary = await kit.ingest('csc-children', 'csc-children.bad.csv');
    expect(summary).toMatchObject({ status: 'completed', read: 14, accepted: 4, rejected: 10, unchanged: 0 });
    await loadRecord(kit, summary.loadId);
    const rows = await quarantineOf(kit, summary.loadId);
    const reasons = new Map(rows.map((r) => [r.row_number, r.reasons]));
    expect([...reasons.keys()]).toEqual([3, 4, 5, 6, 7, 10, 11, 12, 13, 15]);
    expect(reasons.get(3)).toEqual(['missing required value: la_child_id']);
    expect(reasons.get(4)).toEqual([
      'bad date in dob: "2015-02-31" (expected YYYY-MM-DD)',
      'bad yes/no value in cp_plan: "maybe"',
    ]);
    expect(reasons.get(5)).toEqual(['future date in updated_at: 2027-01-01']);
    expect(reasons.get(6)).toEqual(['wrong column count: expected 18, found 11']);
    // Its quote pairs with the stray one on line 10; the malformed multi-line record is re-cut to line 7 alone.
    expect(reasons.get(7)).toEqual(['broken quoting: quoted field 2 is not closed']);
    expect(reasons.get(10)).toEqual(['broken quoting: stray quote in unquoted field 2']);
    expect(reasons.get(11)?.[0]).toMatch(/^bad value in sex: "Q" \(allowed: M, F, U\)$/);
    expect(reasons.get(12)).toEqual(['duplicate source id in this file (first at line 2)']);
    expect(reasons.get(13)).toEqual(['implausible date in dob: 1850-01-01 is before 1900-01-01']);
    expect(reasons.get(15)).toEqual(['wrong column count: expected 18, found 19']);
    // The raw text is kept as read (without the CRLF line end).
    expect(rows.find((r) => r.row_number === 7)?.raw).toBe(
      'C0106,"Jack,,Jones,,2015-02-01,M,,,,,,,,,N,N,2026-01-01',
    );
    const accepted = await records(summary.loadId);
    expect(accepted.map((r) => [r.source_id, r.row_number])).toEqual([
      ['C0101', 2],
      ['C0107', 8],
      ['C0108', 9],
      ['C0113', 14],
    ]);
    expect(accepted[3]?.std).toMatchObject({
      nhs_number_valid: false,
      upn_valid: false,
      postcode_valid: false,
    });
    const [nhs] = await kit.query<{ rows_present: number; rows_valid: number }>(
      `select rows_present, rows_valid from data_quality_metric where load_id = $1 and field = 'nhs_number'`,
      [summary.loadId],
    );
    // Rows 2, 12 (valid) and 14 (invalid) carry an NHS number; the duplicate is counted as read.
    expect(nhs).toEqual({ rows_present: 3, rows_valid: 2 });
  });

  it('gives the same outcome when the file is applied in small batches (duplicates across batches)', async () => {
    const whole = await kit.ingest('csc-children', 'csc-children.bad.csv');
    const batched = await kit.ingest('csc-children', 'csc-children.bad.csv', { batchRows: 3 });
    // Whatever the whole-file load wrote, the batched reload sees as unchanged.
    expect(whole).toMatchObject({ read: 14, rejected: 10 });
    expect(whole.accepted + whole.unchanged).toBe(4);
    expect(batched).toMatchObject({ read: 14, accepted: 0, rejected: 10, unchanged: 4 });
    const strip = (rows: Awaited<ReturnType<typeof quarantineOf>>) =>
      rows.map((r) => [r.row_number, r.reasons]);
    expect(strip(await quarantineOf(kit, batched.loadId))).toEqual(
      strip(await quarantineOf(kit, whole.loadId)),
    );
    const quality = (loadId: string) =>
      kit.query(
        'select field, rows_present, rows_valid, distinct_values, duplicate_values from data_quality_metric where load_id = $1 order by field',
        [loadId],
      );
    expect(await quality(batched.loadId)).toEqual(await quality(whole.loadId));
    const [ids] = await kit.query<{ distinct_values: number; duplicate_values: number }>(
      `select distinct_values, duplicate_values from data_quality_metric where load_id = $1 and field = 'la_child_id'`,
      [batched.loadId],
    );
    // 9 rows carry an id (structurally broken rows have none), C0101 twice.
    expect(ids).toEqual({ distinct_values: 8, duplicate_values: 1 });
  });

  it('rejects rows that are not UTF-8 and loads the others, saying so', async () => {
    const summary = await kit.ingest('csc-children', 'csc-children.latin1.csv');
    expect(summary).toMatchObject({ status: 'completed', read: 3, accepted: 2, rejected: 1 });
    expect(summary.warnings).toContain(
      '1 row(s) are not valid UTF-8 and were rejected; re-export the file as UTF-8',
    );
    const [row] = await quarantineOf(kit, summary.loadId);
    expect(row?.row_number).toBe(3);
    expect(row?.reasons).toEqual(['not valid UTF-8 (byte 0xEB at position 9); re-export the file as UTF-8']);
    // Shown as Latin-1 so the steward can see what the bytes were meant to be.
    expect(row?.raw).toContain('Zoë,,Müller');
  });

  it('an empty file fails clearly; a header-only file completes with nothing read', async () => {
    const empty = await kit.ingest('csc-children', 'csc-children.empty.csv');
    expect(empty).toMatchObject({
      status: 'failed',
      error: 'file is empty: no header row',
      read: 0,
      accepted: 0,
      rejected: 0,
      unchanged: 0,
    });
    expect(await loadRecord(kit, empty.loadId)).toMatchObject({
      status: 'failed',
      error: 'file is empty: no header row',
    });

    const headerOnly = await kit.ingest('csc-children', 'csc-children.header-only.csv');
    expect(headerOnly).toMatchObject({
      status: 'completed',
      read: 0,
      accepted: 0,
      rejected: 0,
      unchanged: 0,
    });
    expect(headerOnly.warnings).toEqual(['header only: the file has no data rows']);
    expect(await loadRecord(kit, headerOnly.loadId)).toMatchObject({ status: 'completed', read_count: 0 });
  });

  it('rejects a huge field without holding it, and a row past the size limit without buffering it', async () => {
    const header = kit.fixture('csc-children.header-only.csv');
    const huge = 'x'.repeat(5000);
    const path = kit.write(
      'huge.csv',
      `${header}C0301,${huge},,Ray,,2015-01-01,F,,,,,,,,,N,N,2026-01-01\nC0302,Amy,,Ray,,2015-01-01,F,,,,,,,,,N,N,2026-01-01\n`,
    );
    const summary = await kit.ingest('csc-children', path);
    expect(summary).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    const [row] = await quarantineOf(kit, summary.loadId);
    expect(row?.reasons).toEqual(['huge field: forename is 5000 characters (limit 4096)']);

    const long = kit.write(
      'long.csv',
      `${header}C0303,${'y'.repeat(300_000)}\nC0304,Bea,,Ray,,2015-01-01,F,,,,,,,,,N,N,2026-01-01\n`,
    );
    const capped = await kit.ingest('csc-children', long, { limits: { maxRowBytes: 100_000 } });
    expect(capped).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    const [longRow] = await quarantineOf(kit, capped.loadId);
    expect(longRow?.reasons).toEqual(['row is longer than 100000 bytes']);
    expect(longRow?.raw.length).toBeLessThan(10_000);
  });

  it('refuses a file with unknown or missing required columns, naming them, and writes nothing but the load record', async () => {
    const before = await kit.query<{ n: string }>('select count(*) as n from source_record');
    const summary = await kit.ingest('csc-children', 'csc-children.unknown-column.csv');
    expect(summary.status).toBe('failed');
    expect(summary.error).toBe(
      'csc-children: unknown column "date_of_birth" (not in mapping canonical; map it or list it under ignore); ' +
        'unknown column "ethnic_group" (not in mapping canonical; map it or list it under ignore); missing required column "dob"',
    );
    expect(await loadRecord(kit, summary.loadId)).toMatchObject({ status: 'failed', read_count: 0 });
    expect(await kit.query('select 1 from quarantine_row where load_id = $1', [summary.loadId])).toHaveLength(
      0,
    );
    expect(
      await kit.query('select 1 from data_quality_metric where load_id = $1', [summary.loadId]),
    ).toHaveLength(0);
    expect(await kit.query<{ n: string }>('select count(*) as n from source_record')).toEqual(before);
  });

  it("loads a council's own export through its mapping (other headers, DD/MM/YYYY, gender codes, ignored column)", async () => {
    const summary = await kit.ingest('csc-children', 'csc-children.mosaic.csv', {
      mapping: join(MAPPINGS, 'csc-children.mosaic-example.yaml'),
    });
    expect(summary).toMatchObject({
      status: 'completed',
      mapping: 'csc-children.mosaic-example.yaml',
      read: 3,
      accepted: 2,
      rejected: 1,
    });
    const [oliver, amelia] = await records(summary.loadId);
    expect(oliver).toMatchObject({ source_id: 'M-1001', forename: 'OLIVER', dob: '2015-03-01', sex: 'M' });
    expect(oliver?.payload).toMatchObject({ dob: '01/03/2015', sex: '1', la_child_id: 'M-1001' });
    expect(oliver?.payload).not.toHaveProperty('Case Notes Summary');
    expect(amelia).toMatchObject({ dob: '2016-07-12', sex: 'F' });
    const [bad] = await quarantineOf(kit, summary.loadId);
    expect(bad?.reasons).toEqual(['bad date in dob: "31/02/2015" (expected DD/MM/YYYY)']);
    const [load] = await kit.query<{ mapping: string }>('select mapping from feed_load where id = $1', [
      summary.loadId,
    ]);
    expect(load?.mapping).toBe('csc-children.mosaic-example.yaml');
  });

  it('a load that fails half way leaves nothing of the file behind and records the failure', async () => {
    const rows = Array.from(
      { length: 12_000 },
      (_, i) => `X${i},Ann,,Ray,,2015-01-01,F,,,,,,,,,N,N,2026-01-01`,
    ).join('\n');
    const path = kit.write('crash.csv', `${kit.fixture('csc-children.header-only.csv')}${rows}\n`);
    let calls = 0;
    const summary = await kit.ingest('csc-children', path, {
      // Small batches: several are applied inside the transaction before the crash.
      batchRows: 1000,
      onProgress: () => {
        // The first chunk is staged; the crash comes while the file is still being read.
        if (++calls === 2) throw new Error('simulated crash');
      },
    });
    expect(calls).toBeGreaterThanOrEqual(2);
    // Unexpected errors are recorded by class only: their messages could carry row values.
    expect(summary).toMatchObject({
      status: 'failed',
      error: 'unexpected error (Error)',
      read: 0,
      accepted: 0,
    });
    expect(await loadRecord(kit, summary.loadId)).toMatchObject({
      status: 'failed',
      error: 'unexpected error (Error)',
    });
    expect(await kit.query(`select 1 from source_record where load_id = $1`, [summary.loadId])).toHaveLength(
      0,
    );
    expect(await kit.query(`select 1 from quarantine_row where load_id = $1`, [summary.loadId])).toHaveLength(
      0,
    );
  });

  it('announces committed loads to LoadEvents listeners, and a failing listener does not fail the load', async () => {
    const seen: Array<{ loadId: string; ids: number }> = [];
    const off = kit.events.onLoaded(async (summary) => {
      const ids = await kit.query('select id from source_record where load_id = $1', [summary.loadId]);
      seen.push({ loadId: summary.loadId, ids: ids.length });
    });
    const offBroken = kit.events.onLoaded(() => Promise.reject(new Error('listener broke')));
    const path = kit.write(
      'events.csv',
      `${kit.fixture('csc-children.header-only.csv')}C0401,Ann,,Ray,,2015-01-01,F,,,,,,,,,N,N,2026-01-01\n`,
    );
    const summary = await kit.ingest('csc-children', path);
    off();
    offBroken();
    expect(summary.status).toBe('completed');
    expect(seen).toEqual([{ loadId: summary.loadId, ids: 1 }]);
  });
});

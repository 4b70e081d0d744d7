import { createFeedTestKit, loadRecord, quarantineOf, type FeedTestKit } from './feed-test-kit';

const row = (id: string, dob = '2015-01-01'): string => `${id},Ann,,Ray,,${dob},F,,,,,,,,,N,N,2026-01-01\n`;

describe('duplicate source ids across and within batches (real PostgreSQL)', () => {
  let kit: FeedTestKit;

  beforeAll(async () => {
    kit = await createFeedTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it('quarantines later occurrences with every reason, and the counts still add up', async () => {
    // Batches of 3 rows: lines 2-4, 5-7, 8.
    const body = [
      row('D1'), // 2 first D1
      row('D2'), // 3 first D2
      row('D1'), // 4 duplicate within the batch
      row('D2'), // 5 duplicate of an earlier batch, otherwise good
      row('D1', '2015-02-31'), // 6 duplicate of an earlier batch and a bad date
      row('D3'), // 7 first D3
      row('D3', '2015-02-31'), // 8 duplicate within the file and a bad date
    ].join('');
    const path = kit.write('dups.csv', `${kit.fixture('csc-children.header-only.csv')}${body}`);
    const summary = await kit.ingest('csc-children', path, { batchRows: 3 });
    expect(summary).toMatchObject({ status: 'completed', read: 7, accepted: 3, rejected: 4, unchanged: 0 });
    await loadRecord(kit, summary.loadId);
    const reasons = new Map((await quarantineOf(kit, summary.loadId)).map((r) => [r.row_number, r.reasons]));
    expect(reasons.get(4)).toEqual(['duplicate source id in this file (first at line 2)']);
    expect(reasons.get(5)).toEqual(['duplicate source id in this file (first at line 3)']);
    expect(reasons.get(6)).toEqual([
      'bad date in dob: "2015-02-31" (expected YYYY-MM-DD)',
      'duplicate source id in this file (first at line 2)',
    ]);
    expect(reasons.get(8)).toEqual([
      'bad date in dob: "2015-02-31" (expected YYYY-MM-DD)',
      'duplicate source id in this file (first at line 7)',
    ]);

    // The same file again: the first occurrences are unchanged, the duplicates rejected again.
    const again = await kit.ingest('csc-children', path, { batchRows: 3 });
    expect(again).toMatchObject({ status: 'completed', read: 7, accepted: 0, rejected: 4, unchanged: 3 });
  });
  // The loader places a duplicate itself when the first occurrence is in the same batch and certain;
  // whatever its filter cannot rule out is decided by the database. Without a filter every id goes
  // there, first occurrences included: the verdicts must be the same either way.
  it.each([
    ['the loader\'s own filter', 'E', undefined],
    ['every id checked by the database', 'F', 0],
  ])('places every duplicate the same way with %s', async (_label, p, sourceIdFilterBits) => {
    // Batches of 3 rows: lines 2-4, 5-7, 8-10, 11.
    const body = [
      row(`${p}1`), // 2 first E1
      row(`${p}2`), // 3 first E2
      row(`${p}3`), // 4 first E3
      row(`${p}1`), // 5 duplicate of an earlier batch
      row(`${p}1`, '2015-02-31'), // 6 the same again, with a bad date
      row(`${p}4`), // 7 first E4
      row(`${p}5`), // 8 first E5
      row(`${p}5`), // 9 duplicate within the batch
      row(`${p}2`), // 10 duplicate of an earlier batch
      row(`${p}6`), // 11 first E6
    ].join('');
    const path = kit.write(`dups-${p}.csv`, `${kit.fixture('csc-children.header-only.csv')}${body}`);
    const summary = await kit.ingest('csc-children', path, { batchRows: 3, sourceIdFilterBits });
    expect(summary).toMatchObject({ status: 'completed', read: 10, accepted: 6, rejected: 4, unchanged: 0 });
    const quarantined = await quarantineOf(kit, summary.loadId);
    expect(quarantined.map((r) => [r.row_number, r.reasons])).toEqual([
      [5, ['duplicate source id in this file (first at line 2)']],
      [6, ['bad date in dob: "2015-02-31" (expected YYYY-MM-DD)', 'duplicate source id in this file (first at line 2)']],
      [9, ['duplicate source id in this file (first at line 8)']],
      [10, ['duplicate source id in this file (first at line 3)']],
    ]);
    // Every quarantined row keeps its raw text, also those the loader found itself.
    for (const r of quarantined) expect(r.raw.startsWith(`${p}`)).toBe(true);
    const quality = await kit.query<{ distinct_values: number; duplicate_values: number }>(
      `select distinct_values, duplicate_values from data_quality_metric where load_id = $1 and field = 'la_child_id'`,
      [summary.loadId],
    );
    expect(quality).toEqual([{ distinct_values: 6, duplicate_values: 4 }]);
    const again = await kit.ingest('csc-children', path, { batchRows: 3, sourceIdFilterBits });
    expect(again).toMatchObject({ status: 'completed', read: 10, accepted: 0, rejected: 4, unchanged: 6 });
  });
});

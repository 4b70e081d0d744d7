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
});

import { splitCsvFields } from '../../../src/feeds/parse/csv-fields';
import { FEED_NAMES, feedSchema, type FeedSchema } from '../../../src/feeds/schema';
import { createFeedTestKit, loadRecord, quarantineOf, type FeedTestKit } from './feed-test-kit';

/**
 * Every kind of bad row, for every feed: built from the feed's first good fixture row, one
 * defect per row, each row with its own source id. Bad identifiers are accepted (flagged), all
 * other defects are quarantined with the reason named.
 */
function csvLine(fields: readonly string[]): string {
  return fields.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

interface Variant {
  name: string;
  line: string | Buffer;
  /** Expected quarantine reason (regex), or null when the row is accepted. */
  reason: RegExp | null;
}

function variants(schema: FeedSchema, header: string[], good: string[]): Variant[] {
  const at = (column: string): number => header.indexOf(column);
  const idColumn =
    schema.sourceId.find((c) => c !== 'recipient' && c !== 'valid_from' && c !== 'subject_feed') ?? '';
  const withId = (suffix: string, edit: (fields: string[]) => void = () => undefined): string[] => {
    const fields = [...good];
    fields[at(idColumn)] = `${good[at(idColumn)] ?? ''}-${suffix}`;
    edit(fields);
    return fields;
  };
  const requiredOther = schema.columns.find(
    (c) => c.required && !schema.sourceId.includes(c.name) && c.type !== 'enum',
  );
  const dateColumn = schema.columns.find((c) => c.type === 'date');
  const textColumn = schema.columns.find(
    (c) => c.type === 'text' && !c.identifier && !schema.sourceId.includes(c.name) && !c.required,
  );
  const identifier = schema.columns.find((c) => c.type === 'text' && c.identifier);
  const list: Variant[] = [
    { name: 'good', line: csvLine(withId('ok')), reason: null },
    {
      name: 'missing required value',
      line: csvLine(withId('req', (f) => (f[at(requiredOther?.name ?? idColumn)] = ''))),
      reason: new RegExp(`^missing required value: ${requiredOther?.name ?? idColumn}$`),
    },
    {
      name: 'bad date',
      line: csvLine(withId('date', (f) => (f[at(dateColumn?.name ?? '')] = '2015-02-31'))),
      reason: new RegExp(`^bad date in ${dateColumn?.name ?? ''}: "2015-02-31"`),
    },
    {
      name: 'wrong column count',
      line: `${csvLine(withId('cols'))},extra`,
      reason: /^wrong column count: expected \d+, found \d+$/,
    },
    {
      name: 'broken quoting',
      line: csvLine(withId('quote')).replace(/^/, '"'),
      reason: /^broken quoting: /,
    },
    {
      name: 'huge field',
      line: csvLine(withId('huge', (f) => (f[at(textColumn?.name ?? '')] = 'x'.repeat(5000)))),
      reason: new RegExp(`^huge field: ${textColumn?.name ?? ''} is 5000 characters`),
    },
    {
      name: 'not UTF-8',
      line: Buffer.from(csvLine(withId('latin', (f) => (f[at(textColumn?.name ?? '')] = 'Zo@')))),
      reason: /^not valid UTF-8 /,
    },
  ];
  // Replace the marker with a Latin-1 ë (0xEB): invalid as UTF-8.
  const latin = list[list.length - 1];
  if (latin && Buffer.isBuffer(latin.line)) {
    const at = latin.line.indexOf('Zo@');
    latin.line[at + 2] = 0xeb;
  }
  if (identifier) {
    list.push({
      name: 'bad identifier (accepted)',
      line: csvLine(withId('ident', (f) => (f[at(identifier.name)] = 'INVALID1'))),
      reason: null,
    });
  }
  return list;
}

const GOOD_FILES: Record<string, string> = Object.fromEntries(FEED_NAMES.map((f) => [f, `${f}.good.csv`]));

describe.each(FEED_NAMES.map((feed) => ({ feed })))(
  'every kind of bad row: $feed (real PostgreSQL)',
  ({ feed }) => {
    let kit: FeedTestKit;
    beforeAll(async () => {
      kit = await createFeedTestKit();
    });
    afterAll(async () => {
      await kit.close();
    });

    it('quarantines each defect with its reason, accepts the rest, counts add up', async () => {
      const schema = feedSchema(feed);
      const [headerLine = '', firstRow = ''] = kit.fixture(GOOD_FILES[feed] ?? '').split('\n');
      const header = headerLine.split(',');
      const good = splitCsvFields(firstRow).fields;
      const rows = variants(schema, header, good);
      const file = Buffer.concat([
        Buffer.from(`${headerLine}\n`),
        ...rows.map((r) => Buffer.concat([Buffer.from(r.line), Buffer.from('\n')])),
      ]);
      const summary = await kit.ingest(feed, kit.write(`${feed}.every-bad.csv`, file));
      const rejected = rows.filter((r) => r.reason !== null);
      expect(summary).toMatchObject({
        status: 'completed',
        read: rows.length,
        rejected: rejected.length,
        accepted: rows.length - rejected.length,
        unchanged: 0,
      });
      await loadRecord(kit, summary.loadId);
      const quarantined = await quarantineOf(kit, summary.loadId);
      const byLine = new Map(quarantined.map((q) => [q.row_number, q.reasons]));
      rows.forEach((row, index) => {
        const reasons = byLine.get(index + 2);
        if (row.reason === null)
          expect({ row: row.name, reasons }).toEqual({ row: row.name, reasons: undefined });
        else {
          expect({ row: row.name, count: reasons?.length }).toEqual({ row: row.name, count: 1 });
          expect(reasons?.[0]).toMatch(row.reason);
        }
      });
      if (schema.columns.some((c) => c.type === 'text' && c.identifier)) {
        const flagged = await kit.query<{ std: Record<string, unknown> }>(
          `select std from source_record where load_id = $1 and row_number = $2`,
          [summary.loadId, rows.length + 1],
        );
        expect(
          Object.entries(flagged[0]?.std ?? {}).filter(([k, v]) => k.endsWith('_valid') && v === false),
        ).not.toHaveLength(0);
      }
    });

    it('an empty file is refused clearly; a header-only file completes with nothing read', async () => {
      const empty = await kit.ingest(feed, kit.write(`${feed}.empty.csv`, ''));
      expect(empty).toMatchObject({ status: 'failed', error: 'file is empty: no header row', read: 0 });
      await loadRecord(kit, empty.loadId);
      const [headerLine = ''] = kit.fixture(GOOD_FILES[feed] ?? '').split('\n');
      const headerOnly = await kit.ingest(feed, kit.write(`${feed}.header.csv`, `${headerLine}\n`));
      expect(headerOnly).toMatchObject({
        status: 'completed',
        read: 0,
        accepted: 0,
        rejected: 0,
        unchanged: 0,
      });
      await loadRecord(kit, headerOnly.loadId);
    });
  },
);

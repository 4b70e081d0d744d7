import { parseMapping } from '../feed-mapping';
import { FileRefusedError } from '../feed-errors';
import { CSC_PLACEMENTS } from '../schema/csc-placements.schema';
import { splitCsvFields } from './csv-fields';
import { readCsvRows } from './csv-feed-reader';
import { DEFAULT_READ_LIMITS, type FeedRow } from './feed-row';

const MAPPING = parseMapping(
  'csc-placements',
  {
    feed: 'csc-placements',
    columns: Object.fromEntries(CSC_PLACEMENTS.columns.map((c) => [c.name, c.name])),
  },
  'canonical',
);
const HEADER = CSC_PLACEMENTS.columns.map((c) => c.name).join(',');

function* chunked(bytes: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function* toAsync(chunks: Iterable<Buffer>): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield await Promise.resolve(chunk);
}

async function read(bytes: Buffer, chunk: number): Promise<FeedRow[]> {
  const rows: FeedRow[] = [];
  for await (const row of readCsvRows(
    toAsync(chunked(bytes, chunk)),
    CSC_PLACEMENTS,
    MAPPING,
    DEFAULT_READ_LIMITS,
  ))
    rows.push(row);
  return rows;
}

describe('splitCsvFields', () => {
  it('splits RFC 4180 records: quotes, doubled quotes, commas and newlines inside quotes, empty fields', () => {
    expect(splitCsvFields('a,"b,c","say ""hi""",,"x\ny",')).toEqual({
      fields: ['a', 'b,c', 'say "hi"', '', 'x\ny', ''],
    });
    expect(splitCsvFields('')).toEqual({ fields: [''] });
  });

  it('names the broken field instead of guessing a split', () => {
    expect(splitCsvFields('a,b"c,d').error).toBe('broken quoting: stray quote in unquoted field 2');
    expect(splitCsvFields('a,"b"c,d').error).toBe('broken quoting: text after the closing quote of field 2');
    expect(splitCsvFields('a,"bc,d').error).toBe('broken quoting: quoted field 2 is not closed');
  });
});

describe('readCsvRows', () => {
  const text = [
    `\uFEFF${HEADER}`,
    'P1,C1,2024-01-01,,U1,PR1,"Hill, Side",M1 1AE,',
    'P2,C1,2024-02-01,,U1,PR1,"Two\r\nLines",M1 1AE,moved',
    '',
    'P3,C2,2024-03-01,,K2,PR2,Zoë’s Home,,',
    'P4,"open,2024-03-01,,K2,PR2,x,,',
    'P5,C3,2024-04-01,,K2,PR2,y,,',
  ].join('\r\n');
  const bytes = Buffer.from(`${text}\r\n`, 'utf8');

  it('gives the same rows whatever the chunk size (boundaries inside quotes, CRLF and multi-byte characters)', async () => {
    const whole = await read(bytes, bytes.length);
    expect(whole.map((r) => [r.line, r.values?.placement_id ?? null, r.problems])).toEqual([
      [2, 'P1', []],
      [3, 'P2', []],
      [6, 'P3', []],
      [7, null, ['broken quoting: quoted field 2 is not closed']],
      [8, 'P5', []],
    ]);
    expect(whole[0]?.values?.provider_name).toBe('Hill, Side');
    expect(whole[1]?.values?.provider_name).toBe('Two\r\nLines');
    expect(whole[2]?.values?.provider_name).toBe('Zoë’s Home');
    for (const size of [1, 2, 3, 7, 64]) expect(await read(bytes, size)).toEqual(whole);
  });

  it('refuses a file without a header and one whose header is broken', async () => {
    await expect(read(Buffer.from('\n\n'), 16)).rejects.toThrow(
      new FileRefusedError('file is empty: no header row'),
    );
    await expect(read(Buffer.from(`${HEADER},"oops\nP1\n`), 16)).rejects.toThrow(
      /header row: broken quoting/,
    );
  });
});

import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { DataSource, type QueryRunner } from 'typeorm';

/**
 * Bulk reads and writes with COPY in PostgreSQL's text format: one round trip for a million rows,
 * no per-row objects from the driver. Values are strings or null (\N).
 */
export type CopyValue = string | number | boolean | null | undefined;

function unescapeCopyText(field: string): string | null {
  if (field === '\\N') return null;
  if (field.indexOf('\\') < 0) return field;
  return field.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

function escapeCopyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** Streams `copy (select …) to stdout` row by row; the caller keeps only what it needs. */
export async function copyOut(
  client: PoolClient,
  select: string,
  onRow: (fields: Array<string | null>) => void,
): Promise<number> {
  const stream = client.query(copyTo(`copy (${select}) to stdout`));
  // A chunk can end inside a multi-byte character; the decoder carries it over.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let rows = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
      onRow(text.slice(start, end).split('\t').map(unescapeCopyText));
      rows++;
      start = end + 1;
    }
    rest = text.slice(start);
  }
  return rows;
}

/** `copy table (columns) from stdin` from rows of values; for temp tables and bulk inserts. */
export async function copyIn(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  function* lines(): Generator<string> {
    let batch: string[] = [];
    for (const row of rows) {
      batch.push(row.map(escapeCopyText).join('\t'));
      if (batch.length >= 2000) {
        yield `${batch.join('\n')}\n`;
        batch = [];
      }
    }
    if (batch.length) yield `${batch.join('\n')}\n`;
  }
  await pipeline(Readable.from(lines()), stream);
}

/**
 * Runs work in one transaction on one pooled connection and hands it the raw pg client (COPY
 * needs it) alongside the TypeORM query runner.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (client: PoolClient, runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  await runner.startTransaction();
  try {
    const result = await work(client, runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

/** Same, without a transaction (read-only work that streams). */
export async function withClient<T>(dataSource: DataSource, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    return await work(client);
  } finally {
    await runner.release();
  }
}

/** A pooled client inside a transaction, or the data source for a one-off read. */
export type Db = PoolClient | DataSource;

export async function rowsOf<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  if (db instanceof DataSource) return db.query<T[]>(sql, params);
  return (await db.query(sql, params)).rows as T[];
}

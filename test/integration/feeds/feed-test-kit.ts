import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestRepository } from '../../../src/feeds/ingest.repository';
import { IngestService, type IngestOptions } from '../../../src/feeds/ingest.service';
import { LoadEvents } from '../../../src/feeds/load-events';
import type { LoadSummary } from '../../../src/feeds/load-summary';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'feeds');
export const MAPPINGS = join(__dirname, '..', '..', '..', 'matching-rules', 'feeds');
/** Fixed so "future date" checks do not drift with the calendar. */
export const TODAY = '2026-06-30';

export interface FeedTestKit {
  db: TestDatabase;
  service: IngestService;
  events: LoadEvents;
  tmp: string;
  ingest(feed: string, file: string, options?: IngestOptions): Promise<LoadSummary>;
  /** Writes a file into the kit's temp dir and returns its path. */
  write(name: string, content: string | Buffer): string;
  fixture(name: string): string;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A fresh database with migrations, and the ingest service wired directly (no HTTP needed). */
export async function createFeedTestKit(): Promise<FeedTestKit> {
  const db = await createTestDatabase();
  const events = new LoadEvents();
  const service = new IngestService(new IngestRepository(db.dataSource), events);
  const tmp = mkdtempSync(join(tmpdir(), 'childlink-feeds-'));
  return {
    db,
    service,
    events,
    tmp,
    ingest: (feed, file, options = {}) =>
      service.ingestFile(feed, file.startsWith('/') ? file : join(FIXTURES, file), {
        today: TODAY,
        ...options,
      }),
    write(name, content) {
      const path = join(tmp, name);
      writeFileSync(path, content);
      return path;
    },
    fixture: (name) => readFileSync(join(FIXTURES, name), 'utf8'),
    query: <T>(sql: string, params: unknown[] = []) => db.dataSource.query<T[]>(sql, params),
    async close() {
      rmSync(tmp, { recursive: true, force: true });
      await db.drop();
    },
  };
}

export interface QuarantineView {
  row_number: number;
  raw: string;
  reasons: string[];
}

export async function quarantineOf(kit: FeedTestKit, loadId: string): Promise<QuarantineView[]> {
  return kit.query<QuarantineView>(
    'select row_number, raw, reasons from quarantine_row where load_id = $1 order by row_number',
    [loadId],
  );
}

/** The load record as stored, with the invariant every load must keep. */
export async function loadRecord(kit: FeedTestKit, loadId: string): Promise<Record<string, unknown>> {
  const [row] = await kit.query<Record<string, unknown>>('select * from feed_load where id = $1', [loadId]);
  if (!row) throw new Error(`no load ${loadId}`);
  expect(row.read_count).toBe(
    Number(row.accepted_count) + Number(row.rejected_count) + Number(row.unchanged_count),
  );
  return row;
}

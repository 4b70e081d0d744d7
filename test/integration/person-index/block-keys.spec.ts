import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../support/test-app';
import { generateCouncil } from '../../../src/generator/council-generator';
import { DirectorySink } from '../../../src/generator/council-sink';
import { IngestRepository } from '../../../src/feeds/ingest.repository';
import { IngestService } from '../../../src/feeds/ingest.service';
import { LoadEvents } from '../../../src/feeds/load-events';
import { LinkService } from '../../../src/person-index/link.service';
import { IncrementalMatchService } from '../../../src/person-index/incremental-match.service';
import { PersonStewardService } from '../../../src/person-index/person-steward.service';
import { insertRecords, ref } from './fixtures';

const PERSON_FEEDS = ['csc-children', 'education-pupils', 'health-patients'] as const;

/**
 * person_block_key holds the incremental matcher's blocking keys of every linked record's current
 * version, and nothing else: written by triggers on person_link and, for a record a feed load
 * supersedes, by the load itself.
 */
describe('person index: blocking keys of linked records (real PostgreSQL)', () => {
  let t: TestApp;
  let dir: string;

  /** Links without keys, keys without links, and keys that differ from the current version. */
  const drift = async (): Promise<{
    links: number;
    keys: number;
    missing: number;
    orphaned: number;
    stale: number;
  }> => {
    const rows = await t.db.dataSource.query<
      Array<{ links: number; keys: number; missing: number; orphaned: number; stale: number }>
    >(
      `select (select count(*)::int from person_link) links,
              (select count(*)::int from person_block_key) keys,
              (select count(*)::int from person_link pl where not exists
                 (select 1 from person_block_key k where k.feed = pl.feed and k.source_id = pl.source_id)) missing,
              (select count(*)::int from person_block_key k where not exists
                 (select 1 from person_link pl where pl.feed = k.feed and pl.source_id = k.source_id)) orphaned,
              (select count(*)::int from person_block_key k join source_record s
                  on s.feed = k.feed and s.source_id = k.source_id and s.is_current
                where (k.dob, k.surname, k.forename, k.postcode, k.alt_surnames, k.surname_dm, k.forename_dm)
                      is distinct from (s.dob, s.surname, s.forename, s.postcode, s.alt_surnames, dmetaphone(s.surname), dmetaphone(s.forename))) stale`,
    );
    const [row] = rows;
    if (!row) throw new Error('no drift row');
    return row;
  };

  /** The current version of the first or last linked csc-children record (by record id). */
  const linkedChild = async (
    which: 'first' | 'last',
  ): Promise<{ id: string; feed: string; source_id: string }> => {
    const [record] = await t.db.dataSource.query<Array<{ id: string; feed: string; source_id: string }>>(
      `select s.id::text id, s.feed, s.source_id from person_link pl
         join source_record s on s.feed = pl.feed and s.source_id = pl.source_id and s.is_current
        where pl.feed = 'csc-children' order by s.id ${which === 'first' ? 'asc' : 'desc'} limit 1`,
    );
    if (!record) throw new Error('no linked csc-children record');
    return record;
  };

  /** Every key row's feed, id, surname and birth date, in one string. */
  const keySnapshot = async (): Promise<string | null> => {
    const [row] = await t.db.dataSource.query<Array<{ k: string | null }>>(
      `select string_agg(feed || source_id || coalesce(surname, '') || coalesce(dob::text, ''), ',' order by feed, source_id) k from person_block_key`,
    );
    return row?.k ?? null;
  };

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'childlink-block-keys-'));
    await generateCouncil({ children: 120, seed: 'block-keys-spec' }, new DirectorySink(dir));
    for (const feed of PERSON_FEEDS)
      await t.app.get(IngestService).ingestFile(feed, join(dir, `${feed}.csv`));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no keys before the first link, and one per linked record, equal to its current version, after it', async () => {
    expect((await drift()).keys).toBe(0);
    await t.app.get(LinkService).link();
    const after = await drift();
    expect(after.links).toBeGreaterThan(200);
    expect(after).toEqual({ links: after.links, keys: after.links, missing: 0, orphaned: 0, stale: 0 });
    // The first run builds the key table's indexes after filling it: all four are back.
    const indexes = await t.db.dataSource.query<Array<{ n: number }>>(
      `select count(*)::int n from pg_indexes where tablename = 'person_block_key' and indexname <> 'person_block_key_pkey'`,
    );
    expect(indexes[0]?.n).toBe(4);
  });

  it('a load that changes a linked record gives it the new keys in the load itself, and the matcher finds it by them', async () => {
    const health = readFileSync(join(dir, 'health-patients.csv'), 'utf8').trimEnd().split('\n');
    const header = health[0] ?? '';
    const columns = header.split(',');
    const at = (name: string): number => columns.indexOf(name);
    const changed = (health[1] ?? '').split(',');
    const sourceId = changed[at('local_patient_id')] ?? '';
    changed[at('family_name')] = 'Quillfeather';
    changed[at('dob')] = '2013-07-21';
    const file = join(dir, 'health-surname-change.csv');
    writeFileSync(file, `${header}\n${changed.join(',')}\n`);
    // No load listener: what the keys hold after commit is the load's own doing, not a match run's.
    const loader = new IngestService(new IngestRepository(t.db.dataSource), new LoadEvents());
    const summary = await loader.ingestFile('health-patients', file);
    expect(summary).toMatchObject({ status: 'completed', changedRecords: 1 });
    const keys = await t.db.dataSource.query<Array<{ surname: string; dob: string }>>(
      `select surname, dob::text dob from person_block_key where feed = 'health-patients' and source_id = $1`,
      [sourceId],
    );
    expect(keys).toEqual([{ surname: 'QUILLFEATHER', dob: '2013-07-21' }]);
    expect(await drift()).toMatchObject({ missing: 0, orphaned: 0, stale: 0 });

    // A school record with the new name and birth date, no identifiers, another postcode: only the
    // new keys can block it with the changed record.
    const person = await t.db.dataSource.query<
      Array<{ person_id: string; forename: string; sex: string | null }>
    >(
      `select pl.person_id, s.forename, s.sex from person_link pl
         join source_record s on s.feed = pl.feed and s.source_id = pl.source_id and s.is_current
        where pl.feed = 'health-patients' and pl.source_id = $1`,
      [sourceId],
    );
    const [own] = person;
    expect(own).toBeDefined();
    if (!own) return;
    const [subjectId = ''] = await insertRecords(t.db.dataSource, [
      {
        feed: 'education-pupils',
        sourceId: 'BKSUBJECT1',
        forename: own.forename,
        surname: 'QUILLFEATHER',
        dob: '2013-07-21',
        sex: own.sex,
        postcode: 'ZZ7 7ZZ',
      },
    ]);
    const outcome = await t.app.get(IncrementalMatchService).matchRecord(subjectId);
    expect(outcome.candidates).toBeGreaterThan(0);
    expect(outcome.personId).toBe(own.person_id);
    expect(await drift()).toMatchObject({ missing: 0, orphaned: 0, stale: 0 });
  });

  it('a record matched again (its link upserted) has its keys written again from its current version', async () => {
    const ds = t.db.dataSource;
    const record = await linkedChild('first');
    await ds.query(
      `update person_block_key set surname = 'WRONG', dob = null where feed = $1 and source_id = $2`,
      [record.feed, record.source_id],
    );
    expect((await drift()).stale).toBe(1);
    const outcome = await t.app.get(IncrementalMatchService).matchRecord(record.id);
    expect(outcome.action).not.toBe('created');
    expect(await drift()).toMatchObject({ missing: 0, orphaned: 0, stale: 0 });
  });

  it("a link written while a load holds the record's key row does not wait for the load (keys unchanged)", async () => {
    const ds = t.db.dataSource;
    const record = await linkedChild('last');
    // A load's transaction holding the key row, as refreshBlockKeys does until the load commits.
    const load = ds.createQueryRunner();
    await load.connect();
    await load.startTransaction();
    try {
      await load.query(`update person_block_key set surname = surname where feed = $1 and source_id = $2`, [
        record.feed,
        record.source_id,
      ]);
      let settled = false;
      const match = t.app
        .get(IncrementalMatchService)
        .matchRecord(record.id)
        .finally(() => {
          settled = true;
        });
      match.catch(() => undefined);
      // Either the match finishes, or some backend is seen waiting on a lock (the load's row).
      const blocked = async (): Promise<'blocked' | 'done'> => {
        while (!settled) {
          const waiting = await ds.query<Array<{ n: number }>>(
            `select count(*)::int n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          );
          if ((waiting[0]?.n ?? 0) > 0) return 'blocked';
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return 'done';
      };
      const first = await Promise.race([match.then(() => 'done' as const), blocked()]);
      expect(first).toBe('done');
    } finally {
      await load.rollbackTransaction();
      await load.release();
    }
  });

  it('a load that fails leaves the keys as they were', async () => {
    const before = await keySnapshot();
    expect(before).not.toBeNull();
    const health = readFileSync(join(dir, 'health-patients.csv'), 'utf8').trimEnd().split('\n');
    const header = health[0] ?? '';
    const columns = header.split(',');
    const row = (health[3] ?? '').split(',');
    row[columns.indexOf('family_name')] = 'Rollbackson';
    const sourceId = row[columns.indexOf('local_patient_id')] ?? '';
    const file = join(dir, 'health-fails.csv');
    writeFileSync(file, `${header}\n${row.join(',')}\n`);
    const repository = new IngestRepository(t.db.dataSource);
    // The load fails after its batch is written, its keys refreshed in its own transaction (seen
    // through its connection): all of it must roll back.
    let seenInLoad: unknown[] = [];
    jest.spyOn(repository, 'writeQuality').mockImplementationOnce(async (client) => {
      seenInLoad = (
        await client.query<{ surname: string }>(
          `select surname from person_block_key where feed = 'health-patients' and source_id = $1`,
          [sourceId],
        )
      ).rows;
      throw new Error('disk full');
    });
    const summary = await new IngestService(repository, new LoadEvents()).ingestFile('health-patients', file);
    expect(summary.status).toBe('failed');
    expect(seenInLoad).toEqual([{ surname: 'ROLLBACKSON' }]);
    expect(await keySnapshot()).toBe(before);
    expect(await drift()).toMatchObject({ missing: 0, orphaned: 0, stale: 0 });
  });

  it('steward decisions, removed links and full re-runs keep keys and links in step', async () => {
    const ds = t.db.dataSource;
    // Two records without identifiers in different persons: a manual link between them is allowed.
    const loose = await ds.query<
      Array<{ feed: (typeof PERSON_FEEDS)[number]; source_id: string; person_id: string }>
    >(
      `select pl.feed, pl.source_id, pl.person_id from person_link pl
         join source_record s on s.feed = pl.feed and s.source_id = pl.source_id and s.is_current
        where s.nhs_number is null and s.upn is null and s.payload->>'former_upn' is null
        order by pl.feed, pl.source_id`,
    );
    const a = loose[0];
    const b = loose.find((r) => r.person_id !== a?.person_id);
    expect(a && b).toBeDefined();
    if (!a || !b) return;
    const steward = t.app.get(PersonStewardService);
    const decision = { actor: 'steward-2', reason: 'checked with the GP practice' };
    await steward.linkRecords(ref(a.feed, a.source_id), ref(b.feed, b.source_id), decision);
    expect(await drift()).toMatchObject({ missing: 0, orphaned: 0, stale: 0 });
    await ds.query(`delete from person_link where feed = $1 and source_id = $2`, [a.feed, a.source_id]);
    const gone = await ds.query<Array<{ n: number }>>(
      `select count(*)::int n from person_block_key where feed = $1 and source_id = $2`,
      [a.feed, a.source_id],
    );
    expect(gone[0]?.n).toBe(0);
    await t.app.get(LinkService).link({ full: true });
    const after = await drift();
    expect(after).toEqual({ links: after.links, keys: after.links, missing: 0, orphaned: 0, stale: 0 });

    // A record that leaves the feeds loses its link in the next batch run, and its keys with it.
    await ds.query(`update source_record set is_current = false where feed = $1 and source_id = $2`, [
      b.feed,
      b.source_id,
    ]);
    await t.app.get(LinkService).link({ full: true });
    const left = await ds.query<Array<{ n: number }>>(
      `select count(*)::int n from person_block_key where feed = $1 and source_id = $2`,
      [b.feed, b.source_id],
    );
    expect(left[0]?.n).toBe(0);
    const final = await drift();
    expect(final).toEqual({
      links: after.links - 1,
      keys: after.links - 1,
      missing: 0,
      orphaned: 0,
      stale: 0,
    });
  });

  it('a truncated link table leaves no keys behind', async () => {
    await t.db.dataSource.query('truncate person_link cascade');
    expect(await drift()).toEqual({ links: 0, keys: 0, missing: 0, orphaned: 0, stale: 0 });
  });
});

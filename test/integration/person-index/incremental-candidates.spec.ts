import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../support/test-app';
import { generateCouncil } from '../../../src/generator/council-generator';
import { DirectorySink } from '../../../src/generator/council-sink';
import { IngestService } from '../../../src/feeds/ingest.service';
import { LinkService } from '../../../src/person-index/link.service';
import { BRANCH_LIMIT, IncrementalMatchService } from '../../../src/person-index/incremental-match.service';
import { insertRecords, seedPersons, type TestRecord } from './fixtures';

const PERSON_FEEDS = ['csc-children', 'education-pupils', 'health-patients'] as const;

/**
 * The incremental matcher's candidate query caps each blocking branch: a name shared by more
 * records than the cap must neither flood the matcher nor push the real match out.
 */
describe('incremental match: capped candidate branches (real PostgreSQL)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'childlink-incremental-'));
    await generateCouncil({ children: 150, seed: 'incremental-candidates-spec' }, new DirectorySink(dir));
    for (const feed of PERSON_FEEDS) await t.app.get(IngestService).ingestFile(feed, join(dir, `${feed}.csv`));
    await t.app.get(LinkService).link();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second registration joins its child although more same-named children born that year than the cap are indexed', async () => {
    const ds = t.db.dataSource;
    const [original] = await ds.query<Array<{ source_id: string; forename: string; surname: string; dob: string; sex: string | null; postcode: string | null; person_id: string }>>(
      `select s.source_id, s.forename, s.surname, s.dob::text dob, s.sex, s.postcode, pl.person_id
         from source_record s join person_link pl on pl.feed = s.feed and pl.source_id = s.source_id
        where s.is_current and s.feed = 'health-patients' and s.forename is not null and s.surname is not null
          and s.dob is not null and s.postcode is not null
        order by s.id limit 1`,
    );
    expect(original).toBeDefined();
    if (!original) return;
    // Same forename and surname, born the same year but not the same day, elsewhere: each its own person.
    const year = Number(original.dob.slice(0, 4));
    const flood: TestRecord[] = Array.from({ length: BRANCH_LIMIT.names * 2 }, (_, i) => {
      const day = new Date(Date.UTC(year, 0, 1) + i * 86_400_000 * 1.7).toISOString().slice(0, 10);
      return {
        feed: 'education-pupils',
        sourceId: `FLOOD${i}`,
        forename: original.forename,
        surname: original.surname,
        dob: day === original.dob ? `${year}-12-31` : day,
        sex: original.sex,
        postcode: `ZZ9 ${i % 10}ZZ`,
      };
    });
    await insertRecords(ds, flood);
    await seedPersons(ds, flood.map((r) => [{ feed: r.feed, sourceId: r.sourceId }]));
    const [copyId = ''] = await insertRecords(ds, [
      { feed: 'health-patients', sourceId: 'HCOPY0001', forename: original.forename, surname: original.surname, dob: original.dob, sex: original.sex, postcode: original.postcode },
    ]);

    const outcome = await t.app.get(IncrementalMatchService).matchRecord(copyId);

    expect(outcome.personId).toBe(original.person_id);
    expect(outcome.action).toBe('attached');
    // The name branch gave its cap, nearest birth dates first (the child's own records among them), not all 100.
    const own = (await ds.query<Array<{ n: number }>>(`select count(*)::int n from person_link where person_id = $1`, [original.person_id]))[0]?.n ?? 0;
    expect(outcome.candidates).toBeLessThanOrEqual(BRANCH_LIMIT.names + own);
    expect(outcome.candidates).toBeGreaterThanOrEqual(BRANCH_LIMIT.names - own);
  });
  it('finds a record by each phonetic blocking key (person_block_key surname_dm and forename_dm) when the spelling differs', async () => {
    const ds = t.db.dataSource;
    // Indexed: Kathryn Thorowgood, born 2001-02-03 at ZZ9 9ZZ. Each subject shares exactly one
    // blocking key with her, and only by sound (Cathryn ~ Kathryn, Thorogood ~ Thorowgood).
    const indexed: TestRecord = { feed: 'education-pupils', sourceId: 'PHON0', forename: 'KATHRYN', surname: 'THOROWGOOD', dob: '2001-02-03', sex: 'F', postcode: 'ZZ9 9ZZ' };
    await insertRecords(ds, [indexed]);
    await seedPersons(ds, [[{ feed: indexed.feed, sourceId: indexed.sourceId }]]);
    const keys = await ds.query<Array<{ ok: boolean }>>(
      `select surname_dm = dmetaphone(surname) and forename_dm = dmetaphone(forename) and surname_dm = dmetaphone('THOROGOOD')
              and forename_dm = dmetaphone('CATHRYN') as ok
         from person_block_key where feed = 'education-pupils' and source_id = 'PHON0'`,
    );
    expect(keys).toEqual([{ ok: true }]);
    const subjects: TestRecord[] = [
      // birth date with phonetic surname
      { feed: 'health-patients', sourceId: 'PHON1', forename: 'ZEBEDEE', surname: 'THOROGOOD', dob: '2001-02-03', sex: 'F', postcode: 'ZZ8 1ZZ' },
      // birth date with phonetic forename
      { feed: 'health-patients', sourceId: 'PHON2', forename: 'CATHRYN', surname: 'QUIXLEY', dob: '2001-02-03', sex: 'F', postcode: 'ZZ8 2ZZ' },
      // phonetic surname and forename, born within a year
      { feed: 'health-patients', sourceId: 'PHON3', forename: 'CATHRYN', surname: 'THOROGOOD', dob: '2001-09-30', sex: 'F', postcode: 'ZZ8 3ZZ' },
      // postcode with phonetic forename
      { feed: 'health-patients', sourceId: 'PHON4', forename: 'CATHRYN', surname: 'QUIXLEY', dob: '1999-12-12', sex: 'F', postcode: 'ZZ9 9ZZ' },
    ];
    for (const subject of subjects) {
      const [id = ''] = await insertRecords(ds, [subject]);
      const outcome = await t.app.get(IncrementalMatchService).matchRecord(id);
      expect({ subject: subject.sourceId, candidates: outcome.candidates }).toEqual({ subject: subject.sourceId, candidates: 1 });
      // Out of the index again, so the next subject's candidates are Kathryn's person alone.
      await ds.query(`delete from person_link where feed = $1 and source_id = $2`, [subject.feed, subject.sourceId]);
    }
  });
});

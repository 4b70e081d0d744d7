import type { INestApplication } from '@nestjs/common';
import { createTestApp, type TestApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import { insertRecords, seedPersons, type TestRecord } from '../integration/person-index/fixtures';
import { gql } from './support/graphql';
import { loadCouncil } from './support/council-fixture';

process.env.ACCESS_SHARING_AGREEMENTS = 'ICB-WX:population_health';

const ROWS = `query ($first: Int) { rows: ROWS(first: $first) { rows { birthMonth sex postcodeSector lookedAfter } } }`;

type Row = {
  birthMonth: string | null;
  sex: string | null;
  postcodeSector: string | null;
  lookedAfter: boolean;
};

/** A child known only to social care, with the identity values a row is built from. */
function socialCareChild(sourceId: string, dob: string, sex: string, postcode: string): TestRecord {
  return {
    feed: 'csc-children',
    sourceId,
    forename: 'CHILD',
    surname: sourceId,
    dob,
    sex,
    postcode,
    payload: { la_child_id: sourceId, dob, sex, postcode, looked_after: 'N', updated_at: '2026-01-01' },
  };
}

/**
 * The council fixture (Alice, Ben, a sealed identity, a GP-only child) and ten more children:
 * four who share Alice's birth month, sex and postcode sector; five girls born in 2012 in five
 * sectors of one district; one boy alike no one.
 */
const MORE: TestRecord[] = [
  ...[1, 2, 3, 4].map((n) => socialCareChild(`A${n}`, `2014-05-0${n}`, 'F', `WX1 2C${'DEFG'[n - 1]}`)),
  ...[1, 2, 3, 4, 5].map((n) => socialCareChild(`B${n}`, `2012-0${n}-10`, 'F', `WX3 ${n}AA`)),
  socialCareChild('X1', '2010-09-09', 'M', 'WX9 9ZZ'),
];

describe('pseudonymised rows: no health-derived values; shared rows k-anonymised (e2e, real PostgreSQL)', () => {
  let t: TestApp;
  let app: INestApplication;
  const rows = async (query: 'analystRows' | 'sharedPseudonymisedRows', first = 50): Promise<Row[]> => {
    const token =
      query === 'analystRows'
        ? tokenFor(app, { role: 'analyst' })
        : tokenFor(app, { role: 'icb_partner', organisation: 'ICB-WX', purpose: 'population_health' });
    const res = await gql<{ rows: { rows: Row[] } }>(app, ROWS.replace('ROWS', query), {
      token,
      variables: { first },
    });
    expect(res.errors).toBeUndefined();
    return res.data?.rows.rows ?? [];
  };

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    const db = t.db.dataSource;
    await loadCouncil(db);
    // Health records disagree with the others: Alice's GP has another birth date and sex, and Ben's
    // only postcode is his GP's. Survivorship ranks health first for dob and sex (and uses the GP's
    // postcode when social care has none), so these would show through from the golden record.
    await db.query(
      `update source_record set dob = '2014-06-17', sex = 'M' where feed = 'health-patients' and source_id = 'H1'`,
    );
    await db.query(
      `update source_record set postcode = 'WX9 1AA' where feed = 'health-patients' and source_id = 'H2'`,
    );
    await db.query(
      `update source_record set postcode = null where feed = 'csc-children' and source_id = 'C2'`,
    );
    await db.query(`select setval('person_number_seq', 100)`);
    await insertRecords(db, MORE);
    await seedPersons(
      db,
      MORE.map((r) => [{ feed: r.feed, sourceId: r.sourceId }]),
    );
    // Everyone but Ben consents to sharing with the ICB for population health.
    await db.query(
      `insert into consent (subject_feed, subject_id, purpose, recipient, basis, status, recorded_by, origin)
       select 'csc-children', id, 'population_health', 'icb', 'consent', 'granted', 'steward', 'api'
       from unnest($1::text[]) id`,
      [['C1', ...MORE.map((r) => r.sourceId)]],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('birth month, sex and postcode sector come from the non-health records only', async () => {
    const analyst = await rows('analystRows');
    expect(analyst).toHaveLength(12); // Alice, Ben and the ten; never the sealed or GP-only child
    const lookedAfter = analyst.filter((r) => r.lookedAfter); // Alice and Ben
    expect(lookedAfter).toEqual([
      { birthMonth: '2014-05', sex: 'F', postcodeSector: 'WX1 2', lookedAfter: true },
      { birthMonth: '2011-02', sex: 'M', postcodeSector: null, lookedAfter: true },
    ]);
    expect(JSON.stringify(analyst)).not.toMatch(/2014-06|WX9 1/);
  });

  it('ICB rows: a combination fewer than 5 released children share is generalised, counted over everything released, not the page', async () => {
    const shared = await rows('sharedPseudonymisedRows');
    const count = (birthMonth: string | null, sex: string | null, postcodeSector: string | null): number =>
      shared.filter(
        (r) => r.birthMonth === birthMonth && r.sex === sex && r.postcodeSector === postcodeSector,
      ).length;
    expect(shared).toHaveLength(11); // Ben has not consented
    expect(count('2014-05', 'F', 'WX1 2')).toBe(5); // Alice (from her social care and school records) and four more
    expect(count('2012', 'F', 'WX3')).toBe(5); // five sectors of one district: year and district
    expect(count(null, null, null)).toBe(1); // the boy alike no one
    // A page of two: still counted over all eleven released, so Alice's row keeps its month and sector.
    const page = await rows('sharedPseudonymisedRows', 2);
    expect(page[0]).toEqual({ birthMonth: '2014-05', sex: 'F', postcodeSector: 'WX1 2', lookedAfter: true });
    // The council's own analysts get the exact values.
    const analyst = await rows('analystRows');
    expect(analyst.filter((r) => r.birthMonth?.startsWith('2012-')).map((r) => r.postcodeSector)).toEqual([
      'WX3 1',
      'WX3 2',
      'WX3 3',
      'WX3 4',
      'WX3 5',
    ]);
  });

  it('an opt-out shrinks the released population at once, and rows that no longer hide among 5 are generalised', async () => {
    await t.db.dataSource.query(
      `insert into consent (subject_feed, subject_id, purpose, recipient, basis, status, recorded_by, origin)
       values ('csc-children', 'A4', 'population_health', '*', 'consent', 'refused', 'steward', 'api')`,
    );
    const shared = await rows('sharedPseudonymisedRows');
    expect(shared).toHaveLength(10);
    expect(shared.some((r) => r.birthMonth === '2014-05')).toBe(false);
    // Alice and three girls: too few at month, year or sex; with the boy, five alike in nothing.
    expect(shared.find((r) => r.lookedAfter)).toEqual({
      birthMonth: null,
      sex: null,
      postcodeSector: null,
      lookedAfter: true,
    });
  });
});

import { createTestApp, type TestApp } from '../../support/test-app';
import { PersonStewardService } from '../../../src/person-index/person-steward.service';
import { PersonIndexRepository } from '../../../src/person-index/person-index.repository';
import { PersonIndexErrorCode } from '../../../src/person-index/person-index.exception';
import { inTransaction } from '../../../src/person-index/pg-bulk';
import { insertRecords, membersOf, ref, seedPersons, type TestRecord } from './fixtures';

const STEWARD = { actor: 'steward-1', reason: 'looks like the same child' };

// Mia before adoption (sealed, legal_status padded as some exports send it) and Mia after.
// Sam's health and social care records carry different valid NHS numbers.
const SEALED: TestRecord = {
  feed: 'csc-children', sourceId: 'C-SEALED', forename: 'MIA', surname: 'STONE', dob: '2013-06-01', sex: 'F',
  payload: { legal_status: ' ADOPTED ' }, std: { legal_status: 'ADOPTED', sealed_pre_adoption: true },
};
const AFTER: TestRecord = { feed: 'health-patients', sourceId: 'H-AFTER', forename: 'MIA', surname: 'FIELD', dob: '2013-06-01', sex: 'F' };
const AFTER_SCHOOL: TestRecord = { feed: 'education-pupils', sourceId: 'E-AFTER', forename: 'MIA', surname: 'FIELD', dob: '2013-06-01', sex: 'F' };
const SAM_H: TestRecord = { feed: 'health-patients', sourceId: 'H-SAM', forename: 'SAM', surname: 'GREY', dob: '2011-02-03', nhsNumber: '9434765919' };
const SAM_C: TestRecord = { feed: 'csc-children', sourceId: 'C-SAM', forename: 'SAM', surname: 'GREY', dob: '2011-02-03', nhsNumber: '9434765870' };

describe('person index: sealed pre-adoption identities and NHS numbers are hard limits (real PostgreSQL)', () => {
  let t: TestApp;
  let steward: PersonStewardService;
  let sealed: string;
  let after: string;
  let samH: string;
  let samC: string;

  beforeAll(async () => {
    t = await createTestApp();
    steward = t.app.get(PersonStewardService);
    await insertRecords(t.db.dataSource, [SEALED, AFTER, AFTER_SCHOOL, SAM_H, SAM_C]);
    [sealed, after, samH, samC] = (await seedPersons(t.db.dataSource, [
      [ref(SEALED.feed, SEALED.sourceId)],
      [ref(AFTER.feed, AFTER.sourceId), ref(AFTER_SCHOOL.feed, AFTER_SCHOOL.sourceId)],
      [ref(SAM_H.feed, SAM_H.sourceId)],
      [ref(SAM_C.feed, SAM_C.sourceId)],
    ])) as [string, string, string, string];
  });
  afterAll(async () => {
    await t.close();
  });

  it('linkage reads sealed from the flag ingest sets, so a padded ADOPTED is sealed as the views see it', async () => {
    const repo = t.app.get(PersonIndexRepository);
    const table = await inTransaction(t.db.dataSource, (client) => repo.loadRecordTable(client));
    const sealedOf = (sourceId: string) => table.preAdoption[table.sourceId.indexOf(sourceId)];
    expect(sealedOf('C-SEALED')).toBe(true);
    expect(sealedOf('H-AFTER')).toBe(false);
    expect(sealedOf('C-SAM')).toBe(false);
  });

  it('refuses to merge or link a pre-adoption identity with a post-adoption one', async () => {
    const forbidden = expect.objectContaining({ code: PersonIndexErrorCode.ForbiddenLink, message: expect.stringMatching(/pre-adoption/) });
    await expect(steward.mergePersons(sealed, after, STEWARD)).rejects.toEqual(forbidden);
    await expect(steward.linkRecords(ref(AFTER.feed, AFTER.sourceId), ref(SEALED.feed, SEALED.sourceId), STEWARD)).rejects.toEqual(forbidden);
    await expect(steward.linkRecords(ref(SEALED.feed, SEALED.sourceId), ref(AFTER_SCHOOL.feed, AFTER_SCHOOL.sourceId), STEWARD)).rejects.toEqual(forbidden);
    expect(await membersOf(t.db.dataSource, sealed)).toEqual(['csc-children/C-SEALED']);
    expect(await membersOf(t.db.dataSource, after)).toEqual(['education-pupils/E-AFTER', 'health-patients/H-AFTER']);
    const overrides = await t.db.dataSource.query<Array<{ n: number }>>(`select count(*)::int n from person_override`);
    expect(overrides[0]?.n).toBe(0);
  });

  it('refuses to merge records with different valid NHS numbers, and still merges post-adoption records', async () => {
    await expect(steward.mergePersons(samH, samC, STEWARD)).rejects.toMatchObject({ code: PersonIndexErrorCode.ForbiddenLink });
    expect(await membersOf(t.db.dataSource, samH)).toEqual(['health-patients/H-SAM']);
    const unlinked = await steward.unlinkRecord(ref(AFTER_SCHOOL.feed, AFTER_SCHOOL.sourceId), STEWARD);
    expect(await steward.mergePersons(unlinked.kept, unlinked.created, STEWARD)).toBe(after);
  });
});

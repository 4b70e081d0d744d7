import { createTestApp, type TestApp } from '../../support/test-app';
import { PersonIndexRepository } from '../../../src/person-index/person-index.repository';
import { inTransaction } from '../../../src/person-index/pg-bulk';
import { insertRecords, type TestRecord } from './fixtures';

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

describe('person index: sealed pre-adoption identities (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await insertRecords(t.db.dataSource, [SEALED, AFTER, AFTER_SCHOOL, SAM_H, SAM_C]);
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
});

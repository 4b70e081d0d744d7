import type { INestApplication } from '@nestjs/common';
import { createTestApp, type TestApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import { gql } from './support/graphql';
import { BEN, loadCouncil } from './support/council-fixture';

const IDENTITY = `query ($id: ID!) { childRecord(personId: $id) { healthSharingBasis identity { dob sex nhsNumber postcode } } }`;

describe('identity without a health sharing basis comes from the records the caller may see (e2e)', () => {
  let t: TestApp;
  let app: INestApplication;

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    await loadCouncil(t.db.dataSource);
    // Ben's GP record carries birth details, an NHS number and a postcode his social care record
    // does not (or disagrees on): survivorship ranks health first for these.
    await t.db.dataSource.query(
      `update source_record set dob = '2011-02-04', sex = 'F', nhs_number = '9990000026', postcode = 'WX9 9GP'
       where feed = 'health-patients' and source_id = 'H2'`,
    );
    await t.db.dataSource.query(
      `update source_record set postcode = null where feed = 'csc-children' and source_id = 'C2'`,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('a social worker with no basis gets the social care values; no health value leaks', async () => {
    const res = await gql<{ childRecord: unknown }>(app, IDENTITY, {
      token: tokenFor(app, { role: 'social_worker', team: 'south' }),
      variables: { id: BEN },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.childRecord).toEqual({
      healthSharingBasis: false,
      identity: { dob: '2011-02-03', sex: 'M', nhsNumber: null, postcode: null },
    });
    expect(JSON.stringify(res)).not.toMatch(/9990000026|WX9 9GP|2011-02-04/);
  });

  it('the data steward sees the golden record (health values surviving)', async () => {
    const res = await gql<{ childRecord: unknown }>(app, IDENTITY, {
      token: tokenFor(app, { role: 'data_steward' }),
      variables: { id: BEN },
    });
    expect(res.data?.childRecord).toEqual({
      healthSharingBasis: false,
      identity: { dob: '2011-02-04', sex: 'F', nhsNumber: '9990000026', postcode: 'WX9 9GP' },
    });
  });
});

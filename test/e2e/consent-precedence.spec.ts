import type { INestApplication } from '@nestjs/common';
import { createTestApp, type TestApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import { gql } from './support/graphql';
import { ALICE, loadCouncil } from './support/council-fixture';

const HEALTH = `query ($id: ID!) { childRecord(personId: $id) { healthSharingBasis } }`;

describe("consent precedence follows the consent's own dates, not feed load time (e2e)", () => {
  let t: TestApp;
  let app: INestApplication;
  const worker = (): string => tokenFor(app, { role: 'social_worker', team: 'north', subject: 'sw-north' });
  const basis = async (): Promise<boolean | undefined> =>
    (
      await gql<{ childRecord: { healthSharingBasis: boolean } }>(app, HEALTH, {
        token: worker(),
        variables: { id: ALICE },
      })
    ).data?.childRecord.healthSharingBasis;
  /** A consents-feed row as the sync materialises it: recorded_at is when the feed was loaded. */
  const feedRow = (status: string, validFrom: string): Promise<unknown> =>
    t.db.dataSource.query(
      `insert into consent (subject_feed, subject_id, purpose, recipient, basis, status, valid_from, recorded_by, recorded_at, origin)
       values ('csc-children', 'C1', 'direct_care', 'social_care', 'consent', $1, $2::date, 'W17', now() + interval '1 minute', 'feed')`,
      [status, validFrom],
    );

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    await loadCouncil(t.db.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a later-loaded feed grant with older validity does not override a withdrawal made through the API', async () => {
    expect(await basis()).toBe(true); // the fixture's feed consent from 2025-01-01
    const withdrawn = await gql(
      app,
      `mutation { withdrawConsent(input: { personId: "${ALICE}", purpose: "direct_care", recipient: "social_care" }) { status } }`,
      { token: worker() },
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(await basis()).toBe(false);
    await feedRow('granted', '2024-06-01'); // an old consent, loaded after the withdrawal
    expect(await basis()).toBe(false);
    // A feed grant dated today is the same day as the withdrawal: the withdrawal, recorded after the
    // day began, still wins.
    await feedRow('granted', new Date().toISOString().slice(0, 10));
    expect(await basis()).toBe(false);
  });

  it('a grant recorded after the withdrawal (by a data steward) decides again', async () => {
    const granted = await gql(
      app,
      `mutation { recordConsent(input: { personId: "${ALICE}", purpose: "direct_care", recipient: "social_care", basis: consent }) { status } }`,
      { token: tokenFor(app, { role: 'data_steward' }) },
    );
    expect(granted.errors).toBeUndefined();
    expect(await basis()).toBe(true);
  });
});

import type { INestApplication } from '@nestjs/common';
import { createTestApp, type TestApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import { errorCode, gql } from './support/graphql';
import { ALICE, BEN, HEALTH_ONLY, NOBODY, SEALED, loadCouncil } from './support/council-fixture';

const PERSON_COSTS = `query ($id: ID!) { personCosts(personId: $id, asOf: "2026-06-01") { personId placements placementCosts { placementId } } }`;

/** Audit rows of reads (refusals are written in the background and are counted separately). */
async function reads(t: TestApp): Promise<Array<{ operation: string; person_ids: string[] }>> {
  return t.db.dataSource.query(
    `select operation, person_ids from access_audit where operation <> 'refused' order by id`,
  );
}

describe("finance's person-level costs go through record access (e2e, real PostgreSQL)", () => {
  let t: TestApp;
  let app: INestApplication;
  let finance: string;

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    await loadCouncil(t.db.dataSource);
    finance = tokenFor(app, { role: 'finance', subject: 'fin-1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it("a social care child's costs, audited once (no second row from the interceptor)", async () => {
    const before = (await reads(t)).length;
    const res = await gql(app, PERSON_COSTS, { token: finance, variables: { id: ALICE } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      personCosts: { personId: ALICE, placements: 1, placementCosts: [{ placementId: 'PL1' }] },
    });
    const after = await reads(t);
    expect(after.slice(before)).toEqual([{ operation: 'personCosts', person_ids: [ALICE] }]);
  });

  it('a sealed child, a child social care does not know and an unknown id give the same answer', async () => {
    const missing = await gql(app, PERSON_COSTS, { token: finance, variables: { id: NOBODY } });
    expect(errorCode(missing)).toBe('NOT_FOUND');
    for (const id of [SEALED, HEALTH_ONLY]) {
      const res = await gql(app, PERSON_COSTS, { token: finance, variables: { id } });
      expect(res.errors).toEqual(missing.errors);
      expect(res.data ?? null).toEqual(missing.data ?? null);
    }
  });

  it("placementCosts leaves out a sealed child's placement as if it did not exist; one audit row", async () => {
    const before = (await reads(t)).length;
    const res = await gql<{ placementCosts: Array<{ placementId: string }> }>(
      app,
      `{ placementCosts(placementIds: ["PL1", "PL3", "NOPE"]) { placementId } }`,
      { token: finance },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.placementCosts).toEqual([{ placementId: 'PL1' }]);
    const only = await gql<{ placementCosts: unknown[] }>(
      app,
      `{ placementCosts(placementIds: ["PL3"]) { placementId } }`,
      {
        token: finance,
      },
    );
    expect(only.data?.placementCosts).toEqual([]);
    expect((await reads(t)).slice(before)).toEqual([
      { operation: 'placementCosts', person_ids: [ALICE] },
      { operation: 'placementCosts', person_ids: [] },
    ]);
  });

  it('the unmatched payments queue is audited with the persons its client references name', async () => {
    await t.db.dataSource.query(`update payment set client_ref = 'C2' where payment_id = 'PAY9'`);
    const before = (await reads(t)).length;
    const res = await gql<{
      unmatchedPayments: { payments: Array<{ paymentId: string; clientRef: string }> };
    }>(app, '{ unmatchedPayments(first: 10) { payments { paymentId clientRef } } }', { token: finance });
    expect(res.errors).toBeUndefined();
    expect(res.data?.unmatchedPayments.payments).toEqual([{ paymentId: 'PAY9', clientRef: 'C2' }]);
    expect((await reads(t)).slice(before)).toEqual([{ operation: 'unmatchedPayments', person_ids: [BEN] }]);
  });
});

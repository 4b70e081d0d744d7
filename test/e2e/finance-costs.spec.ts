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

  it("the queue keeps a sealed child's payment (money, dates, provider) but not who it names", async () => {
    const queue =
      '{ unmatchedPayments(first: 10) { payments { paymentId clientRef clientName amountGbp providerName } } }';
    const db = t.db.dataSource;
    // C3 is the sealed pre-adoption identity (legal_status ADOPTED). C7 is sealed by the flag ingest
    // sets only (a council code mapped to ADOPTED, the raw value kept in the payload) and is not
    // linked to a person yet.
    const [{ id: loadId } = { id: '' }] = await db.query<Array<{ id: string }>>(
      `select id from feed_load limit 1`,
    );
    await db.query(
      `insert into source_record (feed, source_id, version, load_id, row_number, content_hash, payload, std, forename, surname, dob)
       values ('csc-children', 'C7', 1, $1, 2, 'c7', '{"la_child_id": "C7", "forename": "Hidden", "legal_status": "E11"}',
               '{"sealed_pre_adoption": true}', 'HIDDEN', 'BIRTHNAME', '2018-01-01')`,
      [loadId],
    );
    await db.query(
      `update payment set client_ref = 'C3', client_name = 'Birthname Sealed' where payment_id = 'PAY9'`,
    );
    await db.query(
      `insert into payment (payment_id, source_record_id, provider_id, provider_name, client_ref, client_name, amount_gbp)
       select 'PAY10', source_record_id, 'PRV9', 'Elsewhere Ltd', 'C7', 'Hidden Birthname', 123.45 from payment where payment_id = 'PAY9'`,
    );
    const before = (await reads(t)).length;
    const res = await gql<{ unmatchedPayments: { payments: Array<Record<string, unknown>> } }>(app, queue, {
      token: finance,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.unmatchedPayments.payments).toEqual([
      {
        paymentId: 'PAY10',
        clientRef: null,
        clientName: null,
        amountGbp: 123.45,
        providerName: 'Elsewhere Ltd',
      },
      { paymentId: 'PAY9', clientRef: null, clientName: null, amountGbp: 800, providerName: 'Elsewhere Ltd' },
    ]);
    expect(JSON.stringify(res.data)).not.toMatch(/C3|C7|Birthname/i);
    // Audited as a read of the sealed child's payment (the steward can tell who was paid for).
    expect((await reads(t)).slice(before)).toEqual([
      { operation: 'unmatchedPayments', person_ids: [SEALED] },
    ]);
    // The data steward sees who the payments name.
    const steward = await gql<{ unmatchedPayments: { payments: Array<Record<string, unknown>> } }>(
      app,
      queue,
      {
        token: tokenFor(app, { role: 'data_steward' }),
      },
    );
    expect(steward.data?.unmatchedPayments.payments.map((p) => [p.clientRef, p.clientName])).toEqual([
      ['C7', 'Hidden Birthname'],
      ['C3', 'Birthname Sealed'],
    ]);
  });
});

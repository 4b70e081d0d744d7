import request from 'supertest';
import { createTestApp, type TestApp } from '../../support/test-app';
import { tokenFor } from '../../support/tokens';
import { PaymentService } from '../../../src/placements/payment.service';
import { PlacementFixtures } from './placement-fixtures';

describe('placements GraphQL: manual links, runs, costs and analyses (e2e)', () => {
  let t: TestApp;
  let finance: string;
  let analyst: string;
  let socialWorker: string;

  const gql = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({ query, variables });
    // the response's shape is what each test asserts; unknown would need a cast per field
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return res.body as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
  };

  beforeAll(async () => {
    t = await createTestApp();
    finance = tokenFor(t.app, { role: 'finance', subject: 'fin-officer-7' });
    analyst = tokenFor(t.app, { role: 'analyst' });
    socialWorker = tokenFor(t.app, { role: 'social_worker', team: 'North' });
    const fx = new PlacementFixtures(t.db.dataSource);
    await fx.children([{ la_child_id: 'C1', forename: 'Amelia', surname: 'Okafor', allocated_team: 'North' }]);
    await fx.samePerson('P-1', ['C1']);
    await fx.placements([
      { placement_id: 'PL1', la_child_id: 'C1', start_date: '2024-01-01', placement_type: 'K2', provider_id: 'CH1', provider_name: 'Oak House' },
    ]);
    await fx.payments([
      { payment_id: 'PAY1', placement_ref: 'PL1', provider_id: 'CH1', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '48000.00', weekly_rate_gbp: '12000.00' },
      { payment_id: 'PAY2', provider_id: 'ZZ', client_name: 'Nobody Known', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '100.00' },
      { payment_id: 'PAY3', provider_id: 'ZZ', client_name: 'Someone Else', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '200.00' },
    ]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('runs linking for finance and reconciles; a social worker is refused', async () => {
    const run = await gql(finance, `mutation { runPaymentLinking { payments byPlacementRef unmatched amountLoadedGbp amountLinkedGbp amountUnmatchedGbp } }`);
    expect(run.data?.runPaymentLinking).toEqual({
      payments: 3,
      byPlacementRef: 1,
      unmatched: 2,
      amountLoadedGbp: '48300.00',
      amountLinkedGbp: '48000.00',
      amountUnmatchedGbp: '300.00',
    });
    const refused = await gql(socialWorker, `mutation { runPaymentLinking { payments } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('pages the unmatched queue by cursor', async () => {
    const payments = t.app.get(PaymentService);
    const first = await payments.unmatched(1);
    expect(first.items.map((p) => p.paymentId)).toEqual(['PAY2']);
    expect(first.totalCount).toBe(2);
    const second = await payments.unmatched(1, first.nextCursor);
    expect(second.items.map((p) => p.paymentId)).toEqual(['PAY3']);
    expect(second.nextCursor).toBeNull();
  });

  it('links by hand with who and why, and later runs obey the decision', async () => {
    const linked = await gql(
      finance,
      `mutation($input: LinkPaymentInput!) { linkPaymentToPlacement(input: $input) { paymentId placementId linkMethod linkConfidence } }`,
      { input: { paymentId: 'PAY2', placementId: 'PL1', reason: 'invoice 4471 confirmed with provider' } },
    );
    expect(linked.data?.linkPaymentToPlacement).toEqual({ paymentId: 'PAY2', placementId: 'PL1', linkMethod: 'manual', linkConfidence: 1 });
    const dismissed = await gql(
      finance,
      `mutation($input: LinkPaymentInput!) { linkPaymentToPlacement(input: $input) { placementId linkMethod } }`,
      { input: { paymentId: 'PAY3', reason: 'pays a placement made by another council' } },
    );
    expect(dismissed.data?.linkPaymentToPlacement).toEqual({ placementId: null, linkMethod: 'manual' });
    const noReason = await gql(finance, `mutation { linkPaymentToPlacement(input: { paymentId: "PAY2", placementId: "PL1", reason: "  " }) { paymentId } }`);
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await gql(finance, `mutation { linkPaymentToPlacement(input: { paymentId: "PAY2", placementId: "NOPE", reason: "x" }) { paymentId } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const decisions = await gql(finance, `{ paymentLinkDecisions(paymentId: "PAY2") { placementId decidedBy reason } }`);
    expect(decisions.data?.paymentLinkDecisions).toEqual([
      { placementId: 'PL1', decidedBy: 'fin-officer-7', reason: 'invoice 4471 confirmed with provider' },
    ]);

    const rerun = await gql(finance, `mutation { runPaymentLinking { byManual unmatched dismissed amountLinkedGbp } }`);
    expect(rerun.data?.runPaymentLinking).toEqual({ byManual: 1, unmatched: 1, dismissed: 1, amountLinkedGbp: '48100.00' });
    expect((await t.app.get(PaymentService).unmatched(10)).totalCount).toBe(0);
  });

  it('serves costs to finance and analyses to analysts, with the interval method stated', async () => {
    const costs = await gql(finance, `{ personCosts(personId: "P-1", asOf: "2024-05-01") { placements paidToDateGbp placementCosts { placementId highCost weeklyRateGbp } byFinancialYear { label amountGbp } } }`);
    expect(costs.data?.personCosts).toEqual({
      placements: 1,
      paidToDateGbp: 48100,
      placementCosts: [{ placementId: 'PL1', highCost: true, weeklyRateGbp: 12000 }],
      byFinancialYear: [{ label: '2024-25', amountGbp: 48100 }],
    });
    const badDate = await gql(finance, `{ personCosts(personId: "P-1", asOf: "2024-02-30") { placements } }`);
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const analystCosts = await gql(analyst, `{ personCosts(personId: "P-1") { placements } }`);
    expect(analystCosts.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const analysis = await gql(analyst, `{ costAnalysis(dimension: placement_group) { method groups { key placements children totalPaidGbp highCostPlacements highCostPlacementIds } } }`);
    expect(analysis.data?.costAnalysis.method).toMatch(/t-interval/);
    expect(analysis.data?.costAnalysis.groups).toEqual([
      { key: 'childrens_home', placements: 1, children: 1, totalPaidGbp: 48100, highCostPlacements: 1, highCostPlacementIds: [] },
    ]);
    const forFinance = await gql(finance, `{ costAnalysis(dimension: placement_group) { groups { highCostPlacementIds } } }`);
    expect(forFinance.data?.costAnalysis.groups).toEqual([{ highCostPlacementIds: ['PL1'] }]);
    const anomalies = await gql(finance, `{ costAnomalies(asOf: "2024-05-01") { totalCount anomalies { kind placementId } } }`);
    expect(anomalies.data?.costAnomalies.anomalies).toEqual(
      [{ kind: 'overlapping_payments', placementId: 'PL1' }], // PAY2 linked by hand over PAY1's period
    );
  });
});

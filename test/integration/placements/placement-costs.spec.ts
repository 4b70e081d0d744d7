import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { PlacementRefreshService } from '../../../src/placements/placement-refresh.service';
import { PaymentLinkingService } from '../../../src/placements/payment-linking.service';
import { PlacementService } from '../../../src/placements/placement.service';
import { PlacementCostService } from '../../../src/placements/placement-cost.service';
import { CostAnalysisService } from '../../../src/placements/cost-analysis.service';
import { PlacementFixtures, type PaymentRow } from './placement-fixtures';

const AS_OF = '2024-04-20';

// Student's sleep data differences (see statistics.spec.ts) as weekly rates: 1000 + 100 × d.
// R's t.test gives the 95% CI (0.7001142, 2.4598858) for d, so the rates' CI is (1070.01, 1245.99);
// the median interval for n = 10 is the 2nd and 9th order statistics (1080, 1240).
const SLEEP_RATES = [1120, 1240, 1130, 1130, 1000, 1100, 1180, 1080, 1460, 1140];

describe('placement costs, anomalies and analyses (real PostgreSQL)', () => {
  let db: TestDatabase;
  let costs: PlacementCostService;
  let analysis: CostAnalysisService;

  beforeAll(async () => {
    db = await createTestDatabase();
    const fx = new PlacementFixtures(db.dataSource);
    await fx.children([
      { la_child_id: 'C1', forename: 'Amelia', surname: 'Okafor', allocated_team: 'North' },
      { la_child_id: 'C2', forename: 'Noah', surname: 'Price', allocated_team: 'South' },
      { la_child_id: 'C3', forename: 'Mia', surname: 'Hughes', allocated_team: 'South' },
      ...SLEEP_RATES.map((_, i) => ({ la_child_id: `S${i}`, forename: `Kid${i}`, surname: 'Sleep', allocated_team: 'East' })),
    ]);
    await fx.samePerson('P-1', ['C1']);
    await fx.placements([
      { placement_id: 'A', la_child_id: 'C1', start_date: '2023-10-01', placement_type: 'K2', provider_id: 'CH01', provider_name: 'Oak House' },
      { placement_id: 'B', la_child_id: 'C2', start_date: '2024-01-01', end_date: '2024-03-31', placement_type: 'U6', provider_id: 'IFA1', provider_name: 'Harbour Fostering' },
      { placement_id: 'C', la_child_id: 'C3', start_date: '2024-01-01', placement_type: 'U4', provider_id: 'LA-FOST', provider_name: 'County Council Fostering' },
      { placement_id: 'D', la_child_id: 'C3', start_date: '2023-01-01', end_date: '2023-12-31', placement_type: 'U6', provider_id: 'IFA1', provider_name: 'Harbour Fostering' },
      { placement_id: 'E', la_child_id: 'C2', start_date: '2023-01-01', end_date: '2023-12-31', placement_type: 'P1', provider_id: 'PAR', provider_name: 'Parents' },
      // unpaid but not anomalies: too new for a payment in arrears; ended before the finance extract begins
      { placement_id: 'F', la_child_id: 'C3', start_date: '2024-04-10', placement_type: 'U4', provider_id: 'LA-FOST', provider_name: 'County Council Fostering' },
      { placement_id: 'G', la_child_id: 'C3', start_date: '2022-01-01', end_date: '2022-12-31', placement_type: 'U6', provider_id: 'IFA1', provider_name: 'Harbour Fostering' },
      ...SLEEP_RATES.map((_, i) => ({ placement_id: `S${i}`, la_child_id: `S${i}`, start_date: '2024-01-01', end_date: '2024-06-30', placement_type: 'U6', provider_id: 'IFA9', provider_name: 'Sleep Fostering' })),
    ]);
    const pay = (row: Omit<PaymentRow, 'provider_id'> & { provider_id?: string }): PaymentRow => row;
    await fx.payments([
      // A: 14 days across the year end at £5,000 a week, then an overlapping fortnight
      pay({ payment_id: 'A1', placement_ref: 'A', provider_id: 'CH01', period_start: '2024-03-25', period_end: '2024-04-07', amount_gbp: '10000.00', weekly_rate_gbp: '5000.00', paid_on: '2024-04-10' }),
      pay({ payment_id: 'A2', placement_ref: 'A', provider_id: 'CH01', period_start: '2024-04-01', period_end: '2024-04-14', amount_gbp: '10000.00', weekly_rate_gbp: '5000.00', paid_on: '2024-04-15' }),
      // paid after the as-of date: not yet "paid to date"
      pay({ payment_id: 'A3', placement_ref: 'A', provider_id: 'CH01', period_start: '2024-04-15', period_end: '2024-04-21', amount_gbp: '5000.00', weekly_rate_gbp: '5000.00', paid_on: '2024-04-25' }),
      // B: January (31 days at £900), February in a leap year (29 days) reversed by a credit note, and a
      // period running 5 days past the placement's end
      pay({ payment_id: 'B1', placement_ref: 'B', provider_id: 'IFA1', period_start: '2024-01-01', period_end: '2024-01-31', amount_gbp: '3985.71', weekly_rate_gbp: '900.00' }),
      pay({ payment_id: 'B2', placement_ref: 'B', provider_id: 'IFA1', period_start: '2024-02-01', period_end: '2024-02-29', amount_gbp: '3728.57', weekly_rate_gbp: '900.00' }),
      pay({ payment_id: 'B3', placement_ref: 'B', provider_id: 'IFA1', period_start: '2024-02-01', period_end: '2024-02-29', amount_gbp: '-3728.57', weekly_rate_gbp: '900.00' }),
      pay({ payment_id: 'B4', placement_ref: 'B', provider_id: 'IFA1', period_start: '2024-02-20', period_end: '2024-03-31', amount_gbp: '5271.43' }),
      pay({ payment_id: 'B5', placement_ref: 'B', provider_id: 'IFA1', period_start: '2024-03-25', period_end: '2024-04-05', amount_gbp: '1542.86', weekly_rate_gbp: '900.00' }),
      // D: an agency foster placement at £3,000 a week — far above the agency band
      pay({ payment_id: 'D1', placement_ref: 'D', provider_id: 'IFA1', period_start: '2023-06-01', period_end: '2023-06-07', amount_gbp: '3000.00', weekly_rate_gbp: '3000.00' }),
      ...SLEEP_RATES.map((rate, i) =>
        pay({ payment_id: `SP${i}`, placement_ref: `S${i}`, provider_id: 'IFA9', period_start: '2024-04-01', period_end: '2024-04-07', amount_gbp: rate.toFixed(2), weekly_rate_gbp: rate.toFixed(2) }),
      ),
    ]);
    await new PaymentLinkingService(db.dataSource, new PlacementRefreshService(db.dataSource)).refreshAndLink();
    costs = new PlacementCostService(db.dataSource, new PlacementService(db.dataSource));
    analysis = new CostAnalysisService(db.dataSource);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('costs a placement: paid to date, weekly rate, days, commitment to 31 March, years split by days', async () => {
    const a = (await costs.placementCosts(['A'], AS_OF)).get('A');
    expect(a).toMatchObject({
      open: true,
      paidToDate: 20000,
      payments: 3,
      weeklyRate: 5000,
      days: 203, // 1 Oct 2023 – 20 Apr 2024 inclusive, 29 Feb included
      paidThrough: '2024-04-21',
      // 22 Apr 2024 – 31 Mar 2025 = 344 days × £5,000 ÷ 7
      committedDays: 344,
      committedToYearEnd: 245714.29,
    });
    expect(a?.byFinancialYear).toEqual([
      { startYear: 2023, label: '2023-24', days: 7, amount: 5000 },
      { startYear: 2024, label: '2024-25', days: 7 + 14 + 7, amount: 20000 },
    ]);
  });

  it('costs an ended placement: credit notes net off, nothing committed', async () => {
    const b = (await costs.placementCosts(['B'], AS_OF)).get('B');
    expect(b).toMatchObject({ open: false, paidToDate: 10800, days: 91, committedToYearEnd: 0, weeklyRate: 900 });
    expect(b?.byFinancialYear.map((y) => [y.label, y.amount])).toEqual([
      // B5 covers 25 Mar – 5 Apr: 7 of its 12 days (£900.00) in 2023-24, 5 days (£642.86) in 2024-25
      ['2023-24', 10157.14],
      ['2024-25', 642.86],
    ]);
  });

  it('costs per person, through the person index', async () => {
    const p = (await costs.costsForPerson(['P-1'], AS_OF)).get('P-1');
    expect(p).toMatchObject({ placements: 1, paidToDate: 20000, committedToYearEnd: 245714.29 });
  });

  it('finds each kind of anomaly and nothing else', async () => {
    const found = await costs.anomalies(AS_OF);
    const summary = found.map((a) => `${a.kind}:${a.placementId}:${a.paymentIds.join('+')}`);
    expect(summary).toEqual([
      'payment_outside_placement_dates:B:B5',
      'overlapping_payments:A:A1+A2',
      'overlapping_payments:B:B4+B5',
      'weekly_rate_far_from_band:D:D1',
      'placement_without_payments:C:',
    ]);
    expect(found[0]?.detail).toBe('paid for 5 days after the end');
  });

  it('analyses weekly costs with t and order-statistic intervals matching the published result', async () => {
    const groups = await analysis.analyse('provider');
    const sleep = groups.find((g) => g.key === 'Sleep Fostering');
    expect(sleep).toMatchObject({
      placements: 10,
      children: 10,
      totalPaid: 11580,
      meanWeeklyCost: 1158,
      meanWeeklyCostInterval: { lower: 1070.01, upper: 1245.99 },
      medianWeeklyCost: 1130,
      medianWeeklyCostInterval: { lower: 1080, upper: 1240 },
      highCostPlacements: 0,
    });
  });

  it('groups by type, team and financial year and flags high-cost placements', async () => {
    const byType = await analysis.analyse('placement_type');
    expect(byType.find((g) => g.key === 'K2')).toMatchObject({ label: "Children's homes subject to Children's Homes Regulations", placements: 1, children: 1, totalPaid: 25000, meanWeeklyCostInterval: null });
    const byTeam = await analysis.analyse('team');
    expect(byTeam.map((g) => g.key).sort()).toEqual(['East', 'North', 'South']);
    const byYear = await analysis.analyse('financial_year');
    expect(byYear.map((g) => g.label)).toEqual(['2023-24', '2024-25']);
    const total = byYear.reduce((s, g) => s + g.totalPaid, 0);
    expect(total).toBeCloseTo(25000 + 10800 + 3000 + 11580, 2);
    const only2024 = await analysis.analyse('placement_group', 2024);
    expect(only2024.find((g) => g.key === 'childrens_home')).toMatchObject({ totalPaid: 20000, highCostPlacements: 0 });
  });
});

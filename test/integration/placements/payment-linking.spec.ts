import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { PlacementRefreshService } from '../../../src/placements/placement-refresh.service';
import { PaymentLinkingService } from '../../../src/placements/payment-linking.service';
import { PlacementFixtures } from './placement-fixtures';

interface LinkRow {
  payment_id: string;
  placement_id: string | null;
  link_method: string | null;
  link_confidence: string | null;
}

describe('payment-to-placement linking (real PostgreSQL)', () => {
  let db: TestDatabase;
  let linking: PaymentLinkingService;
  let fx: PlacementFixtures;

  const links = async (): Promise<Map<string, LinkRow>> => {
    const rows = await db.dataSource.query<LinkRow[]>(
      `select payment_id, placement_id, link_method, link_confidence::text from payment order by payment_id`,
    );
    return new Map(rows.map((r) => [r.payment_id, r]));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    linking = new PaymentLinkingService(db.dataSource, new PlacementRefreshService(db.dataSource));
    fx = new PlacementFixtures(db.dataSource);
    await fx.children([
      { la_child_id: 'C001', forename: 'Amelia', surname: 'Okafor', allocated_team: 'North' },
      { la_child_id: 'C002', forename: 'Oliver', surname: 'Smith', allocated_team: 'South' },
      { la_child_id: 'C003', forename: 'Jack', surname: 'Smith', allocated_team: 'South' },
      // the same child recorded twice in social care (C004 and C104), joined by the person index
      { la_child_id: 'C004', forename: 'Isla', surname: 'Brennan', allocated_team: 'North' },
      { la_child_id: 'C104', forename: 'Isla', surname: 'Brennan', allocated_team: 'North' },
    ]);
    await fx.samePerson('P-000004', ['C004', 'C104']);
    await fx.placements([
      { placement_id: 'PL1', la_child_id: 'C001', start_date: '2024-01-01', placement_type: 'U6', provider_id: 'IFA01', provider_name: 'Bright Futures Fostering Ltd' },
      { placement_id: 'PL2a', la_child_id: 'C002', start_date: '2023-06-01', end_date: '2024-02-29', placement_type: 'K2', provider_id: 'CH07', provider_name: 'Oak House Care' },
      { placement_id: 'PL2b', la_child_id: 'C002', start_date: '2024-03-01', placement_type: 'K2', provider_id: 'CH07', provider_name: 'Oak House Care' },
      { placement_id: 'PL3', la_child_id: 'C003', start_date: '2024-01-01', placement_type: 'U4', provider_id: 'LA-FOST', provider_name: 'County Council Fostering' },
      { placement_id: 'PL4', la_child_id: 'C104', start_date: '2024-02-01', placement_type: 'U6', provider_id: 'IFA02', provider_name: 'Harbour Fostering' },
      { placement_id: 'PL5', la_child_id: 'C001', start_date: '2023-01-01', end_date: '2023-12-31', placement_type: 'K2', provider_id: 'CH07', provider_name: 'Oak House Care' },
    ]);
    await fx.payments([
      // placement_ref, corroborated by provider
      { payment_id: 'PAY01', placement_ref: 'PL1', provider_id: 'IFA01', provider_name: 'Bright Futures Fostering', client_ref: 'C001', client_name: 'Amelia Okafor', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '3600.00', weekly_rate_gbp: '900.00' },
      // placement_ref naming another child's placement and nothing agreeing: not trusted
      { payment_id: 'PAY02', placement_ref: 'PL3', provider_id: 'IFA01', client_ref: 'C001', client_name: 'Amelia Okafor', period_start: '2024-05-01', period_end: '2024-05-28', amount_gbp: '3600.00' },
      // client_ref: child's placement with the same provider overlapping the period
      { payment_id: 'PAY03', provider_id: 'CH07', provider_name: 'Oak House Care', client_ref: 'C002', client_name: 'SMITH, Oliver', period_start: '2024-03-04', period_end: '2024-03-31', amount_gbp: '20000.00', weekly_rate_gbp: '5000.00' },
      // client_ref with a period spanning two placements with one provider: the one sharing most days
      { payment_id: 'PAY04', provider_id: 'CH07', client_ref: 'C002', period_start: '2024-02-20', period_end: '2024-03-02', amount_gbp: '7857.14' },
      // client_ref through the person index: C004 has no placements, C104 (same person) has
      { payment_id: 'PAY05', provider_id: 'IFA02', provider_name: 'Harbour Fostering', client_ref: 'C004', period_start: '2024-04-01', period_end: '2024-04-30', amount_gbp: '4000.00' },
      // probabilistic: no refs, name with a typo, same provider and period
      { payment_id: 'PAY06', provider_id: 'LA-FOST', provider_name: 'County Council Fostering', client_name: 'Jak Smith', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '1200.00', weekly_rate_gbp: '300.00' },
      // a credit note (negative) links like a payment
      { payment_id: 'PAY07', provider_id: 'CH07', client_ref: 'C002', period_start: '2024-03-25', period_end: '2024-03-31', amount_gbp: '-1000.00' },
      // nothing to go on: unmatched
      { payment_id: 'PAY08', provider_id: 'XX99', provider_name: 'Unknown Provider', client_name: 'Zed Nobody', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '500.00' },
      // surname only, two Smith placements with different providers: not enough for an automatic link
      { payment_id: 'PAY09', provider_id: 'ZZ00', client_name: 'Smith', period_start: '2024-04-01', period_end: '2024-04-28', amount_gbp: '250.00' },
    ]);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('links by placement_ref, client_ref (direct and via the person index) and probabilistically, with confidence', async () => {
    const run = await linking.refreshAndLink();
    const l = await links();
    expect(l.get('PAY01')).toMatchObject({ placement_id: 'PL1', link_method: 'placement_ref', link_confidence: '1.00000' });
    expect(l.get('PAY02')).toMatchObject({ placement_id: 'PL1', link_method: 'client_ref' });
    expect(l.get('PAY03')).toMatchObject({ placement_id: 'PL2b', link_method: 'client_ref', link_confidence: '1.00000' });
    expect(l.get('PAY04')).toMatchObject({ placement_id: 'PL2a', link_method: 'client_ref', link_confidence: '0.95000' });
    expect(l.get('PAY05')).toMatchObject({ placement_id: 'PL4', link_method: 'client_ref', link_confidence: '0.98000' });
    expect(l.get('PAY06')).toMatchObject({ placement_id: 'PL3', link_method: 'probabilistic' });
    expect(Number(l.get('PAY06')?.link_confidence)).toBeGreaterThanOrEqual(0.95);
    expect(Number(l.get('PAY06')?.link_confidence)).toBeLessThan(1);
    expect(l.get('PAY07')).toMatchObject({ placement_id: 'PL2b', link_method: 'client_ref' });
    expect(l.get('PAY08')).toMatchObject({ placement_id: null, link_method: null });
    expect(l.get('PAY09')).toMatchObject({ placement_id: null, link_method: null });
    expect(run.run).toMatchObject({ payments: 9, byPlacementRef: 1, byClientRef: 5, byProbabilistic: 1, byManual: 0, unmatched: 2 });
  });

  it('reconciles: linked + unmatched = loaded, in count and in pounds', async () => {
    const { run } = await linking.refreshAndLink();
    expect(run.byPlacementRef + run.byClientRef + run.byProbabilistic + run.byManual + run.unmatched).toBe(run.payments);
    expect(Number(run.amountLinked) + Number(run.amountUnmatched)).toBeCloseTo(Number(run.amountLoaded), 2);
    expect(run.amountLoaded).toBe('40007.14');
    expect(run.amountUnmatched).toBe('750.00');
  });

  it('is idempotent: a second refresh changes nothing and gives the same links', async () => {
    const before = await links();
    const { refresh } = await linking.refreshAndLink();
    expect(refresh.placements).toMatchObject({ current: 6, inserted: 0, updated: 0, removed: 0 });
    expect(refresh.payments).toMatchObject({ current: 9, inserted: 0, updated: 0, removed: 0 });
    expect(await links()).toEqual(before);
  });

  it('parses feed dates and amounts leniently: bad values are unknown, never an error', async () => {
    const [row] = await db.dataSource.query<[Record<string, string | null>]>(`
      select placements_parse_date('2024-02-29')::text as leap, placements_parse_date('2023-02-29')::text as not_leap,
        placements_parse_date('31/12/2024')::text as uk, placements_parse_date('2024-13-01')::text as month13,
        placements_parse_date(' 2024-04-01 ')::text as padded, placements_parse_date('soon')::text as words,
        placements_parse_money('£1,234.50')::text as pounds, placements_parse_money('(12.00)')::text as bracketed,
        placements_parse_money('n/a')::text as junk,
        placements_provider_name_key('The Acme Care Ltd.') = placements_provider_name_key('ACME CARE LIMITED') as same_provider`);
    expect(row).toEqual({
      leap: '2024-02-29', not_leap: null, uk: '2024-12-31', month13: null, padded: '2024-04-01', words: null,
      pounds: '1234.50', bracketed: '-12.00', junk: null, same_provider: true,
    });
  });

  it('classifies SSDA903 codes into groups, fostering split by provider', async () => {
    const rows = await db.dataSource.query<{ placement_id: string; placement_group: string }[]>(
      `select placement_id, placement_group from placement order by placement_id`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.placement_id, r.placement_group]))).toEqual({
      PL1: 'fostering_agency',
      PL2a: 'childrens_home',
      PL2b: 'childrens_home',
      PL3: 'fostering_in_house',
      PL4: 'fostering_agency',
      PL5: 'childrens_home',
    });
  });

  it('picks up a corrected feed: a new version of a payment relinks', async () => {
    await fx.payments([
      { payment_id: 'PAY08', placement_ref: 'PL5', provider_id: 'CH07', client_name: 'Amelia Okafor', period_start: '2023-11-01', period_end: '2023-11-30', amount_gbp: '500.00' },
    ]);
    const { refresh, run } = await linking.refreshAndLink();
    expect(refresh.payments).toMatchObject({ updated: 1, inserted: 0 });
    expect((await links()).get('PAY08')).toMatchObject({ placement_id: 'PL5', link_method: 'placement_ref' });
    expect(run.unmatched).toBe(1);
  });
});

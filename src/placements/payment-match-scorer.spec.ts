import {
  choosePlacement,
  parseClientName,
  scorePaymentAgainstPlacement,
  type PaymentForMatching,
  type PlacementCandidate,
} from './payment-match-scorer';

const payment = (over: Partial<PaymentForMatching> = {}): PaymentForMatching => ({
  paymentId: 'PAY1',
  clientRef: null,
  clientName: 'Ellie Brennan',
  providerKey: 'ifa1',
  providerNameKey: 'harbourfostering',
  periodStart: '2024-04-01',
  periodEnd: '2024-04-28',
  amountGbp: 3600,
  ...over,
});

const placement = (over: Partial<PlacementCandidate> = {}): PlacementCandidate => ({
  placementId: 'PL1',
  laChildId: 'C1',
  providerKey: 'ifa1',
  providerNameKey: 'harbourfostering',
  startDate: '2024-01-01',
  endDate: null,
  childForename: 'ELLIE',
  childSurname: 'BRENNAN',
  childAltSurnames: [],
  alreadyPaidDays: 0,
  ...over,
});

describe('probabilistic payment matching', () => {
  it('reads the ways finance systems write a client name', () => {
    expect(parseClientName('BRENNAN, Ellie May')).toEqual({ forename: 'ELLIE', surname: 'BRENNAN' });
    expect(parseClientName('Miss Ellie Brennan')).toEqual({ forename: 'ELLIE', surname: 'BRENNAN' });
    expect(parseClientName("O'Brien")).toEqual({ forename: '', surname: 'OBRIEN' });
    expect(parseClientName('  ')).toBeNull();
  });

  it('explains each score as a waterfall whose weights add up', () => {
    const score = scorePaymentAgainstPlacement(payment(), placement());
    expect(score.waterfall.map((c) => `${c.comparison}:${c.level}`)).toEqual([
      'client_name:forename and surname exact',
      'client_ref:null',
      'provider:same provider',
      'period:period within the placement',
      'period_paid:null',
    ]);
    const total = score.waterfall.reduce((s, c) => s + c.weight, 0);
    expect(score.matchWeight).toBeCloseTo(Math.log2(0.1 / 0.9) + total, 10);
    expect(score.probability).toBeGreaterThan(0.999);
  });

  it('picks the right sibling in a shared foster placement, and a nickname still counts', () => {
    const siblings = [placement(), placement({ placementId: 'PL2', laChildId: 'C2', childForename: 'ELLA' })];
    expect(choosePlacement(payment(), siblings)?.placementId).toBe('PL1');
    const alfie = [placement({ childForename: 'ALFRED' }), placement({ placementId: 'PL2', laChildId: 'C2', childForename: 'GEORGE' })];
    expect(choosePlacement(payment({ clientName: 'Alfie Brennan' }), alfie)?.placementId).toBe('PL1');
  });

  it('sends a near tie or a child the council does not hold to the queue', () => {
    // surname only, two Brennans at the provider: no automatic link
    const two = [placement(), placement({ placementId: 'PL2', laChildId: 'C2', childForename: 'JACK' })];
    expect(choosePlacement(payment({ clientName: 'Brennan' }), two)).toBeNull();
    // a different child with a known client_ref that is not this child's
    expect(choosePlacement(payment({ clientName: 'Zara Brennan', clientRef: 'LA9123456' }), [placement()])).toBeNull();
    // the placement already has this period paid: a second payment is not taken as its own
    expect(choosePlacement(payment({ clientName: 'Elie Brennan' }), [placement({ alreadyPaidDays: 28 })])).toBeNull();
    // a period nowhere near the placement
    expect(choosePlacement(payment({ periodStart: '2023-01-01', periodEnd: '2023-01-28' }), [placement({ startDate: '2024-01-01' })])).toBeNull();
  });
});

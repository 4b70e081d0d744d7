import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { linkingServices, loadGeneratedPlacementData, measurePaymentLinks } from '../../../bench/placements-council.bench';

// A small generated council (the generator's own programmatic API), linked end to end and
// compared with its truth/payments file. The bars are issue 5's: ≥ 99.5% of payments that pay a
// placement linked to the right one, ≤ 0.1% wrong, the rest in the unmatched queue.
describe('payment linking accuracy on generated data (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('links the right placement for ≥ 99.5% of payments, wrong for ≤ 0.1%, and reconciles', async () => {
    const data = await loadGeneratedPlacementData(db.dataSource, { children: 4000, seed: 'placements-accuracy' });
    const { run } = await linkingServices(db.dataSource).refreshAndLink();
    const accuracy = await measurePaymentLinks(db.dataSource, data.truth);
    process.stderr.write(`payment linking accuracy: ${JSON.stringify({ counts: data.counts, accuracy, run })}\n`);

    expect(accuracy.payments).toBe(data.counts.payments);
    expect(accuracy.withTruePlacement).toBeGreaterThan(500);
    expect(accuracy.recall).toBeGreaterThanOrEqual(0.995);
    expect(accuracy.wrongRate).toBeLessThanOrEqual(0.001);
    expect(run.payments).toBe(accuracy.payments);
    expect(run.unmatched).toBe(accuracy.unmatched);
    expect(run.byPlacementRef + run.byClientRef + run.byProbabilistic + run.byManual + run.unmatched).toBe(run.payments);
    expect(Number(run.amountLinked) + Number(run.amountUnmatched)).toBeCloseTo(Number(run.amountLoaded), 2);
  });
});

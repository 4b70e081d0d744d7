import {
  binomialHalfCdf,
  meanConfidenceInterval,
  median,
  medianConfidenceInterval,
  medianIntervalRanks,
  studentTQuantile,
} from './statistics';

// Student's sleep data (Cushny & Peebles 1905, R's `sleep`): extra hours of sleep, drug 2 minus
// drug 1, for the same ten patients. R: t.test(extra ~ group, data = sleep, paired = TRUE) gives
// mean difference 1.58 and 95% CI (0.7001142, 2.4598858).
const SLEEP_DIFFERENCES = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4];

describe('confidence intervals', () => {
  it('matches published t quantiles', () => {
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157, 5);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 5);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262157, 5);
  });

  it("reproduces R's paired t-interval on Student's sleep data", () => {
    const ci = meanConfidenceInterval(SLEEP_DIFFERENCES);
    expect(ci?.lower).toBeCloseTo(0.7001142, 6);
    expect(ci?.upper).toBeCloseTo(2.4598858, 6);
  });

  it('uses the tabulated order statistics for the median (Campbell & Gardner 1988)', () => {
    // n = 10 → ranks 2 and 9, exact coverage 97.9%; n = 6 → ranks 1 and 6 (96.9%); n = 5 → none.
    expect(medianIntervalRanks(10)).toEqual({ lowerRank: 2, upperRank: 9, coverage: expect.closeTo(0.9785, 4) });
    expect(medianIntervalRanks(6)).toMatchObject({ lowerRank: 1, upperRank: 6, coverage: expect.closeTo(0.96875, 5) });
    expect(medianIntervalRanks(5)).toBeNull();
    // n = 100 → ranks 40 and 61 (Altman et al., Statistics with Confidence, table 18.4)
    expect(medianIntervalRanks(100)).toMatchObject({ lowerRank: 40, upperRank: 61 });
    const sorted = [...SLEEP_DIFFERENCES].sort((a, b) => a - b);
    expect(medianConfidenceInterval(SLEEP_DIFFERENCES)).toEqual({ lower: sorted[1], upper: sorted[8] });
    expect(median(SLEEP_DIFFERENCES)).toBeCloseTo(1.3, 10);
  });

  it('sums binomial probabilities exactly for small n', () => {
    expect(binomialHalfCdf(1, 10)).toBeCloseTo(11 / 1024, 12);
    expect(binomialHalfCdf(10, 10)).toBe(1);
  });

  it('gives no interval where there is too little data', () => {
    expect(meanConfidenceInterval([500])).toBeNull();
  });
});

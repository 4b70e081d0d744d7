/**
 * Summary statistics with 95% confidence intervals for cost analyses.
 *
 * - Mean: Student's t-interval, mean ± t(0.975, n−1) · s/√n (s the sample standard deviation).
 * - Median: distribution-free interval from order statistics (x₍k₎, x₍n−k+1₎), with k the largest
 *   rank such that P(Binomial(n, ½) ≤ k−1) ≤ 0.025, so coverage is at least 95% whatever the shape
 *   of the distribution (Campbell & Gardner, "Calculating confidence intervals for some
 *   non-parametric analyses", BMJ 1988; tabulated in Altman et al., Statistics with Confidence).
 *   Needs n ≥ 6; smaller groups get no interval rather than a misleading one.
 */

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~15 significant digits for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the regularised incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t value with P(T ≤ t) = p, by bisection (monotone CDF; 200 halvings is far past double precision). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError('studentTQuantile needs 0 < p < 1 and df > 0');
  let lo = -1e4;
  let hi = 1e4;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(Binomial(n, ½) ≤ k), summed in log space so large n does not overflow. */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let sum = 0;
  const logHalfN = n * Math.log(0.5);
  for (let i = 0; i <= k; i++) sum += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + logHalfN);
  return Math.min(1, sum);
}

export interface Interval {
  lower: number;
  upper: number;
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function sampleStandardDeviation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Student's t-interval for the mean; null below two values. */
export function meanConfidenceInterval(values: readonly number[], level = 0.95): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values);
  const half = (studentTQuantile(1 - (1 - level) / 2, n - 1) * sampleStandardDeviation(values)) / Math.sqrt(n);
  return { lower: m - half, upper: m + half };
}

/** Ranks (1-based) of the order statistics bounding the median, or null if n is too small. */
export function medianIntervalRanks(n: number, level = 0.95): { lowerRank: number; upperRank: number; coverage: number } | null {
  const alphaHalf = (1 - level) / 2;
  const logHalfN = n * Math.log(0.5);
  // Grow k while P(X ≤ k) stays within α/2, accumulating the binomial terms once (linear in n).
  let k = 0;
  let cdfBelowK = 0; // P(X ≤ k−1)
  while (k < n) {
    const pmf = Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + logHalfN);
    if (cdfBelowK + pmf > alphaHalf) break;
    cdfBelowK += pmf;
    k++;
  }
  if (k < 1) return null;
  return { lowerRank: k, upperRank: n - k + 1, coverage: 1 - 2 * cdfBelowK };
}

/** Distribution-free interval for the median; null when n is too small for the level. */
export function medianConfidenceInterval(values: readonly number[], level = 0.95): Interval | null {
  const ranks = medianIntervalRanks(values.length, level);
  if (!ranks) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { lower: sorted[ranks.lowerRank - 1]!, upper: sorted[ranks.upperRank - 1]! };
}

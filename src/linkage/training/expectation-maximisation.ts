/**
 * EM for the Fellegi–Sunter model with u fixed (u comes from random sampling), over
 * aggregated comparison patterns: the number of distinct level vectors is tiny next to the
 * number of pairs, so each iteration is cheap whatever the data size.
 */

export interface PatternCounts {
  /** Distinct level vectors, row-major (C per pattern). */
  patterns: Uint8Array;
  counts: Float64Array;
  comparisons: number;
}

/** Aggregates level rows (C per pair) into distinct patterns with counts. */
export function countPatterns(levels: Uint8Array, comparisons: number): PatternCounts {
  const index = new Map<string, number>();
  const rows: number[] = [];
  const counts: number[] = [];
  const n = comparisons ? levels.length / comparisons : 0;
  for (let p = 0; p < n; p++) {
    const row = levels.subarray(p * comparisons, (p + 1) * comparisons);
    const key = String.fromCharCode(...row);
    const found = index.get(key);
    if (found === undefined) {
      index.set(key, counts.length);
      counts.push(1);
      for (const v of row) rows.push(v);
    } else {
      counts[found]!++;
    }
  }
  return { patterns: Uint8Array.from(rows), counts: Float64Array.from(counts), comparisons };
}

export interface EmInput {
  data: PatternCounts;
  /** m[c][level-1] for levels 1..; updated in place for active comparisons. */
  m: number[][];
  u: number[][];
  /** Comparisons whose m is estimated (others contribute nothing: they are held fixed). */
  active: boolean[];
  lambda: number;
  maxIterations: number;
  tolerance: number;
}

export interface EmResult {
  m: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
}

const FLOOR = 1e-9;

export function expectationMaximisation(input: EmInput): EmResult {
  const { data, u, active, maxIterations, tolerance } = input;
  const C = data.comparisons;
  const P = data.counts.length;
  let m = input.m.map((row) => [...row]);
  let lambda = input.lambda;
  const posterior = new Float64Array(P);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    // E step: probability each pattern is a match.
    let matchTotal = 0;
    let total = 0;
    for (let p = 0; p < P; p++) {
      let logRatio = Math.log(lambda / (1 - lambda));
      for (let c = 0; c < C; c++) {
        if (!active[c]) continue;
        const level = data.patterns[p * C + c]!;
        if (level === 0) continue;
        logRatio += Math.log(Math.max(m[c]![level - 1]!, FLOOR)) - Math.log(Math.max(u[c]![level - 1]!, FLOOR));
      }
      const post = 1 / (1 + Math.exp(-logRatio));
      posterior[p] = post;
      matchTotal += post * data.counts[p]!;
      total += data.counts[p]!;
    }
    // M step: m from the expected matches' level shares (null levels excluded).
    const next = m.map((row) => new Array<number>(row.length).fill(0));
    const denominators = new Float64Array(C);
    for (let p = 0; p < P; p++) {
      const weight = posterior[p]! * data.counts[p]!;
      for (let c = 0; c < C; c++) {
        const level = data.patterns[p * C + c]!;
        if (level === 0) continue;
        next[c]![level - 1]! += weight;
        denominators[c]! += weight;
      }
    }
    let change = 0;
    for (let c = 0; c < C; c++) {
      if (!active[c] || denominators[c]! === 0) {
        next[c] = m[c]!;
        continue;
      }
      for (let l = 0; l < next[c]!.length; l++) {
        next[c]![l] = next[c]![l]! / denominators[c]!;
        change = Math.max(change, Math.abs(next[c]![l]! - m[c]![l]!));
      }
    }
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, total ? matchTotal / total : lambda));
    change = Math.max(change, Math.abs(nextLambda - lambda));
    m = next;
    lambda = nextLambda;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged };
}

import type { RuleSet } from '../rule-set/rule-set.types';
import { totalPossiblePairs, type EncodedRecords } from '../records/encoded-records';
import { Blocker, type PairList } from '../blocking/blocking';
import { comparisonLevelsFor, computeLevels, levelIndex, type ComparisonLevels } from '../scoring/comparison-levels';
import { initialM, PARAMETERS_FORMAT, PARAMETERS_FORMAT_VERSION, type EmRunReport, type TrainedParameters } from '../model/parameters';
import { termFrequencyTables } from '../model/term-frequency';
import { countPatterns, expectationMaximisation } from './expectation-maximisation';
import { seededRandom } from './random';

export interface TrainingOptions {
  /** Progress notes (counts only, never record values). */
  onProgress?: (message: string) => void;
  /** Clock for trainedAt (tests pin it). */
  now?: () => Date;
}

/** Random record pairs (seeded): across inputs when linking, distinct records when deduplicating. */
export function samplePairs(records: EncodedRecords, count: number, seed: number): PairList {
  const random = seededRandom(seed);
  const total = totalPossiblePairs(records);
  const n = Math.max(0, Math.min(count, total));
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  const a = records.inputs[0]!;
  const b = records.inputs[1];
  for (let p = 0; p < n; p++) {
    if (records.mode === 'link' && b) {
      left[p] = a.start + Math.floor(random() * a.count);
      right[p] = b.start + Math.floor(random() * b.count);
    } else {
      const i = Math.floor(random() * records.size);
      let j = Math.floor(random() * (records.size - 1));
      if (j >= i) j++;
      left[p] = Math.min(i, j);
      right[p] = Math.max(i, j);
    }
  }
  return { left, right, rule: new Uint8Array(n), length: n };
}

/** u per level from a random sample: what agreement looks like between records that (almost all) differ. */
export function estimateU(comparisons: readonly ComparisonLevels[], sample: PairList): number[][] {
  return estimateUFromLevels(comparisons, computeLevels(comparisons, sample.left, sample.right));
}

/** u per level from the sample's level rows (C per pair). */
export function estimateUFromLevels(comparisons: readonly ComparisonLevels[], levels: Uint8Array): number[][] {
  const C = comparisons.length;
  const pairs = C ? levels.length / C : 0;
  return comparisons.map((comparison, c) => {
    const counts = new Array<number>(comparison.spec.levels.length + 1).fill(0);
    let nonNull = 0;
    for (let p = 0; p < pairs; p++) {
      const level = levels[p * C + c]!;
      if (level === 0) continue;
      counts[level - 1]!++;
      nonNull++;
    }
    // A level never seen in the sample is rare among non-matches, not impossible: half a count.
    return counts.map((k) => (k > 0 ? k : 0.5) / Math.max(1, nonNull));
  });
}

/** Pairs the deterministic rules accept (blocking keys agree and the required levels are hit). */
/** Deterministic pairs depend only on the rule set and the records: computed once per run (training and clustering both need them). */
const deterministicMemo = new WeakMap<EncodedRecords, { ruleSet: RuleSet; pairs: PairList }>();

export function deterministicPairs(ruleSet: RuleSet, records: EncodedRecords, comparisons: readonly ComparisonLevels[]): PairList {
  const memo = deterministicMemo.get(records);
  if (memo?.ruleSet === ruleSet) return memo.pairs;
  const pairs = findDeterministicPairs(ruleSet, records, comparisons);
  deterministicMemo.set(records, { ruleSet, pairs });
  return pairs;
}

function findDeterministicPairs(ruleSet: RuleSet, records: EncodedRecords, comparisons: readonly ComparisonLevels[]): PairList {
  const empty: PairList = { left: new Int32Array(0), right: new Int32Array(0), rule: new Uint8Array(0), length: 0 };
  if (!ruleSet.deterministic.length) return empty;
  const blocker = new Blocker(ruleSet.deterministic, records, ruleSet.limits);
  const pairs = blocker.pairs();
  const requirements = ruleSet.deterministic.map((rule) =>
    Object.entries(rule.require).map(([name, labels]) => {
      const c = comparisons.findIndex((x) => x.spec.name === name);
      return { c, allowed: new Set(labels.map((label) => levelIndex(comparisons[c]!.spec, label))) };
    }),
  );
  const keep: number[] = [];
  for (let p = 0; p < pairs.length; p++) {
    const i = pairs.left[p]!;
    const j = pairs.right[p]!;
    // A pair counts if any deterministic rule that blocks it has its requirements met.
    const satisfied = ruleSet.deterministic.some((_, r) => blocker.agree(r, i, j) && requirements[r]!.every(({ c, allowed }) => allowed.has(comparisons[c]!.level(i, j))));
    if (satisfied) keep.push(p);
  }
  return {
    left: Int32Array.from(keep, (p) => pairs.left[p]!),
    right: Int32Array.from(keep, (p) => pairs.right[p]!),
    rule: Uint8Array.from(keep, (p) => pairs.rule[p]!),
    length: keep.length,
  };
}

/**
 * Unsupervised training (as Splink): u from a seeded random sample of pairs; m by EM on the
 * pairs of each training blocking rule in turn, the comparisons on the blocked fields held fixed
 * (they agree by construction, so they say nothing about m); each m the mean of the rules that
 * estimated it; the prior from the deterministic rules' pair count over their assumed recall.
 */
export function trainParameters(ruleSet: RuleSet, records: EncodedRecords, options: TrainingOptions = {}): TrainedParameters {
  const plan = planTraining(ruleSet, records, options);
  return plan.finish(plan.samples.map((pairs) => computeLevels(plan.comparisons, pairs.left, pairs.right)));
}

/**
 * Training in two halves so the comparisons (the costly part) can run anywhere, e.g. in worker
 * threads: `samples` are the pairs to compare (the u sample, then one sample per training
 * blocking rule); `finish` takes their level rows and estimates the parameters.
 */
export interface TrainingPlan {
  comparisons: ComparisonLevels[];
  samples: PairList[];
  finish(levels: readonly Uint8Array[]): TrainedParameters;
}

export function planTraining(ruleSet: RuleSet, records: EncodedRecords, options: TrainingOptions = {}): TrainingPlan {
  const progress = options.onProgress ?? (() => undefined);
  const comparisons = comparisonLevelsFor(ruleSet, records);
  const { training } = ruleSet;
  const sample = samplePairs(records, training.uSamplePairs, training.seed);
  progress(`u: ${sample.length} random pairs to compare`);
  const rules = training.blocking.map((rule) => {
    // Not held to the runaway limit: its pairs are sampled, never all compared.
    const blocker = new Blocker([rule], records, ruleSet.limits, { enforceLimit: false });
    // EM needs a representative sample, not every blocked pair (a date-of-birth rule over a
    // million records holds tens of millions).
    const candidates = blocker.counts[0]?.candidatePairs ?? 0;
    const pairs = candidates > training.emMaxPairs ? blocker.samplePairs(0, training.emMaxPairs, seededRandom(training.seed + 1)) : blocker.pairs();
    progress(`m: ${pairs.length} pairs blocked by ${rule.name} to compare for EM`);
    return { rule, pairs };
  });
  return {
    comparisons,
    samples: [sample, ...rules.map((r) => r.pairs)],
    finish: (levels) => estimate(ruleSet, records, comparisons, sample.length, levels, rules, options),
  };
}

function estimate(
  ruleSet: RuleSet,
  records: EncodedRecords,
  comparisons: ComparisonLevels[],
  uSamplePairs: number,
  levelRows: readonly Uint8Array[],
  rules: Array<{ rule: RuleSet['blocking'][number]; pairs: PairList }>,
  options: TrainingOptions,
): TrainedParameters {
  const C = comparisons.length;
  const { training } = ruleSet;
  const u = estimateUFromLevels(comparisons, levelRows[0] ?? new Uint8Array(0));

  const sums = comparisons.map((c) => new Array<number>(c.spec.levels.length + 1).fill(0));
  const estimates = new Array<number>(C).fill(0);
  const em: EmRunReport[] = [];
  let firstRuleMatchShare: { share: number; pairs: number } | null = null;
  for (const [r, { rule, pairs }] of rules.entries()) {
    const blockedFields = new Set(rule.keys.map((k) => k.field));
    const active = comparisons.map((c) => !blockedFields.has(c.spec.field));
    const fixed = comparisons.filter((_, c) => !active[c]).map((c) => c.spec.name);
    if (pairs.length === 0) {
      em.push({ rule: rule.name, pairs: 0, iterations: 0, converged: false, matchShare: 0, fixed });
      continue;
    }
    const result = expectationMaximisation({
      data: countPatterns(levelRows[r + 1]!, C),
      m: comparisons.map((c) => initialM(c.spec)),
      u,
      active,
      lambda: 0.3,
      maxIterations: training.emMaxIterations,
      tolerance: training.emTolerance,
    });
    em.push({ rule: rule.name, pairs: pairs.length, iterations: result.iterations, converged: result.converged, matchShare: result.lambda, fixed });
    firstRuleMatchShare ??= { share: result.lambda, pairs: pairs.length };
    result.m.forEach((row, c) => {
      if (!active[c]) return;
      row.forEach((v, l) => (sums[c]![l]! += v));
      estimates[c]!++;
    });
  }
  const notEstimated = comparisons.filter((_, c) => estimates[c] === 0).map((c) => c.spec.name);
  const m = comparisons.map((c, k) => (estimates[k] ? sums[k]!.map((s) => s / estimates[k]!) : initialM(c.spec)));

  const total = totalPossiblePairs(records);
  let prior: number;
  let priorSource: string;
  const deterministic = deterministicPairs(ruleSet, records, comparisons).length;
  if (deterministic > 0) {
    prior = deterministic / training.deterministicRecall / total;
    priorSource = `deterministic rules: ${deterministic} pairs / recall ${training.deterministicRecall} / ${total} possible pairs`;
  } else if (training.prior !== undefined) {
    prior = training.prior;
    priorSource = 'rule set training.prior';
  } else if (firstRuleMatchShare) {
    const { share, pairs } = firstRuleMatchShare;
    prior = (share * pairs) / total;
    priorSource = `EM match share of the first training rule (${pairs} pairs)`;
  } else {
    prior = 1 / Math.max(2, total);
    priorSource = 'no evidence: one match in all possible pairs';
  }
  prior = Math.min(0.5, Math.max(1e-12, prior));

  return {
    format: PARAMETERS_FORMAT,
    formatVersion: PARAMETERS_FORMAT_VERSION,
    ruleSet: { name: ruleSet.name, version: ruleSet.version },
    trainedAt: (options.now?.() ?? new Date()).toISOString(),
    prior,
    priorSource,
    comparisons: comparisons.map((c, k) => ({
      name: c.spec.name,
      levels: [...c.spec.levels.map((l) => l.label), 'else'].map((label, l) => ({ label, m: m[k]![l]!, u: u[k]![l]! })),
    })),
    termFrequencies: termFrequencyTables(ruleSet, records),
    training: { uSamplePairs, seed: training.seed, em, notEstimated },
  };
}

/**
 * Optional supervised m: where true entity ids are known for some records, m per level is the
 * share of labelled true pairs (among the given pairs) at that level. Comparisons with fewer
 * than `minPairs` labelled true pairs keep their unsupervised m. u and the prior are unchanged.
 */
export function supervisedM(
  params: TrainedParameters,
  comparisons: readonly ComparisonLevels[],
  pairs: PairList,
  truth: ReadonlyArray<string | null>,
  minPairs = 20,
): TrainedParameters {
  const C = comparisons.length;
  const keep: number[] = [];
  for (let p = 0; p < pairs.length; p++) {
    const a = truth[pairs.left[p]!];
    if (a != null && a === truth[pairs.right[p]!]) keep.push(p);
  }
  const levels = computeLevels(comparisons, Int32Array.from(keep, (p) => pairs.left[p]!), Int32Array.from(keep, (p) => pairs.right[p]!));
  return {
    ...params,
    comparisons: params.comparisons.map((saved, c) => {
      const counts = new Array<number>(saved.levels.length).fill(0);
      let nonNull = 0;
      for (let k = 0; k < keep.length; k++) {
        const level = levels[k * C + c]!;
        if (level === 0) continue;
        counts[level - 1]!++;
        nonNull++;
      }
      if (nonNull < minPairs) return saved;
      // Half a count for unseen levels, as for u: rare among matches, not impossible.
      const total = counts.reduce((s, k) => s + (k > 0 ? k : 0.5), 0);
      return { ...saved, levels: saved.levels.map((level, l) => ({ ...level, m: (counts[l]! > 0 ? counts[l]! : 0.5) / total })) };
    }),
    priorSource: `${params.priorSource}; m from ${keep.length} labelled true pairs`,
  };
}

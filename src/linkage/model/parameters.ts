import type { ComparisonSpec, RuleSet } from '../rule-set/rule-set.types';
import { levelCount } from '../scoring/comparison-levels';

export const PARAMETERS_FORMAT = 'childlink-linkage-parameters';
export const PARAMETERS_FORMAT_VERSION = 1;

export interface LevelParameters {
  label: string;
  /** P(level | match) and P(level | non-match). */
  m: number;
  u: number;
}

export interface ComparisonParameters {
  name: string;
  /** Declared levels then "else" (the null level has no parameters: weight 0). */
  levels: LevelParameters[];
}

/**
 * Term frequencies saved with the parameters so single-record matching weighs "SMITH" as the
 * batch did. Only values held by at least TF_MIN_COUNT records are stored (small numbers are
 * not written out); any other value takes `defaultFrequency`.
 */
export interface TermFrequencyTable {
  total: number;
  defaultFrequency: number;
  values: Record<string, number>;
}

export interface EmRunReport {
  rule: string;
  pairs: number;
  iterations: number;
  converged: boolean;
  /** Share of the rule's blocked pairs EM judged to be matches. */
  matchShare: number;
  /** Comparisons held fixed because the rule blocks on their field. */
  fixed: string[];
}

/** Trained parameters, saved as JSON beside the rule set. */
export interface TrainedParameters {
  format: typeof PARAMETERS_FORMAT;
  formatVersion: number;
  ruleSet: { name: string; version: string };
  trainedAt: string;
  /** P(two random records match). */
  prior: number;
  priorSource: string;
  comparisons: ComparisonParameters[];
  termFrequencies: Record<string, TermFrequencyTable>;
  training: { uSamplePairs: number; seed: number; em: EmRunReport[]; notEstimated: string[] };
}

/** Smallest probability used in a log: an unseen level is rare, not impossible. */
const FLOOR = 1e-6;

export const TF_MIN_COUNT = 10;

/** log2 Bayes factor for each level of each comparison: weights[c][level] (level 0 = 0). */
export function levelWeights(ruleSet: RuleSet, params: TrainedParameters): Float64Array[] {
  return ruleSet.comparisons.map((spec) => {
    const found = params.comparisons.find((c) => c.name === spec.name);
    const weights = new Float64Array(levelCount(spec));
    for (let level = 1; level < weights.length; level++) {
      const p = found?.levels[level - 1];
      weights[level] = p ? Math.log2(Math.max(p.m, FLOOR) / Math.max(p.u, FLOOR * FLOOR)) : 0;
    }
    return weights;
  });
}

export function priorWeight(prior: number): number {
  return Math.log2(prior / (1 - prior));
}

export function probabilityOf(matchWeight: number): number {
  const odds = 2 ** matchWeight;
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
}

/** Weight at which probability equals p (for thresholds). */
export function weightOf(probability: number): number {
  return Math.log2(probability / (1 - probability));
}

/** Checks a parsed JSON object is parameters for this rule set (name, version, comparisons, levels). */
export function parseParameters(json: unknown, ruleSet: RuleSet): TrainedParameters {
  const p = json as Partial<TrainedParameters> | null;
  if (!p || p.format !== PARAMETERS_FORMAT) throw new Error('not a childlink parameters file');
  if (p.formatVersion !== PARAMETERS_FORMAT_VERSION) throw new Error(`parameters format version ${String(p.formatVersion)} is not supported (expected ${PARAMETERS_FORMAT_VERSION})`);
  if (p.ruleSet?.name !== ruleSet.name || p.ruleSet.version !== ruleSet.version) {
    throw new Error(`parameters were trained for rule set ${p.ruleSet?.name ?? '?'} v${p.ruleSet?.version ?? '?'}, not ${ruleSet.name} v${ruleSet.version}: retrain`);
  }
  for (const spec of ruleSet.comparisons) {
    const c = p.comparisons?.find((x) => x.name === spec.name);
    const labels = [...spec.levels.map((l) => l.label), 'else'];
    if (!c || c.levels.length !== labels.length || c.levels.some((l, i) => l.label !== labels[i])) {
      throw new Error(`parameters do not match comparison "${spec.name}" of the rule set: retrain`);
    }
  }
  if (typeof p.prior !== 'number' || !(p.prior > 0 && p.prior < 1)) throw new Error('parameters prior must be between 0 and 1');
  return p as TrainedParameters;
}

/** Starting m for EM: most weight on the strongest level, decreasing geometrically; "else" 0.05. */
export function initialM(spec: ComparisonSpec): number[] {
  const k = spec.levels.length;
  const raw = spec.levels.map((_, i) => 2 ** (k - i));
  const total = raw.reduce((a, b) => a + b, 0);
  return [...raw.map((r) => (0.95 * r) / total), 0.05];
}

import type { RuleSet } from '../rule-set/rule-set.types';
import type { EncodedRecords } from '../records/encoded-records';
import type { PairList } from '../blocking/blocking';
import { levelWeights, priorWeight, type TrainedParameters } from '../model/parameters';
import type { TermFrequencies } from '../model/term-frequency';
import { comparisonLevelsFor, computeLevels, type ComparisonLevels } from './comparison-levels';

/** Scored pairs: the pair list plus each pair's levels (row-major, C per pair) and match weight. */
export interface ScoredPairs extends PairList {
  comparisons: number;
  levels: Uint8Array;
  matchWeight: Float64Array;
}

/**
 * Match weight = log2 prior odds + Σ log2(m/u) over comparisons, plus on term-frequency exact
 * levels log2(u_level / tf(value)), tf the larger of the two records' value frequencies (as
 * Splink): agreeing on a rare surname counts for more than agreeing on a common one.
 */
export class PairScorer {
  readonly comparisons: ComparisonLevels[];
  private readonly weights: Float64Array[];
  private readonly prior: number;
  /** Per comparison: level index with term frequency → that level's u (else 0). */
  private readonly tfLevelU: Float64Array[];
  private readonly tfIds: Array<Int32Array | null>;

  constructor(
    private readonly ruleSet: RuleSet,
    records: EncodedRecords,
    private readonly params: TrainedParameters,
    private readonly termFrequencies: TermFrequencies,
  ) {
    this.comparisons = comparisonLevelsFor(ruleSet, records);
    this.weights = levelWeights(ruleSet, params);
    this.prior = priorWeight(params.prior);
    this.tfLevelU = ruleSet.comparisons.map((spec) => {
      const out = new Float64Array(spec.levels.length + 2);
      const saved = params.comparisons.find((c) => c.name === spec.name);
      spec.levels.forEach((level, l) => {
        if (level.termFrequency) out[l + 1] = saved?.levels[l]?.u ?? 0;
      });
      return out;
    });
    this.tfIds = ruleSet.comparisons.map((spec, c) => (termFrequencies[c] ? records.fields[records.fieldIndex.get(spec.field)!]!.ids : null));
  }

  get priorWeight(): number {
    return this.prior;
  }

  /** Weight of one comparison at a level for records i, j (with its term-frequency adjustment). */
  comparisonWeight(c: number, level: number, i: number, j: number): { weight: number; termFrequencyAdjustment: number } {
    const weight = this.weights[c]![level] ?? 0;
    const u = this.tfLevelU[c]![level] ?? 0;
    const tf = this.termFrequencies[c];
    const ids = this.tfIds[c];
    if (!u || !tf || !ids) return { weight, termFrequencyAdjustment: 0 };
    const a = ids[i]!;
    const b = ids[j]!;
    const freq = Math.max(a >= 0 ? tf[a]! : 0, b >= 0 ? tf[b]! : 0);
    if (!(freq > 0)) return { weight, termFrequencyAdjustment: 0 };
    return { weight, termFrequencyAdjustment: Math.log2(u / freq) };
  }

  /** Match weight from a level row (levels[offset..offset+C)). */
  weightOfLevels(levels: Uint8Array, offset: number, i: number, j: number): number {
    let total = this.prior;
    const C = this.weights.length;
    for (let c = 0; c < C; c++) {
      const level = levels[offset + c]!;
      total += this.weights[c]![level]!;
      if (this.tfLevelU[c]![level]) total += this.comparisonWeight(c, level, i, j).termFrequencyAdjustment;
    }
    return total;
  }

  /** Levels of every comparison for one pair. */
  levelsOf(i: number, j: number): Uint8Array {
    return Uint8Array.from(this.comparisons, (c) => c.level(i, j));
  }

  /** Compares and weighs the pairs in this thread. */
  score(pairs: PairList): ScoredPairs {
    const levels = computeLevels(this.comparisons, pairs.left, pairs.right);
    return { ...pairs, comparisons: this.comparisons.length, levels, matchWeight: this.weigh(pairs, levels) };
  }

  /** Weighs already-computed levels (the worker path computes levels elsewhere). */
  weigh(pairs: PairList, levels: Uint8Array): Float64Array {
    const C = this.comparisons.length;
    const out = new Float64Array(pairs.length);
    for (let p = 0; p < pairs.length; p++) out[p] = this.weightOfLevels(levels, p * C, pairs.left[p]!, pairs.right[p]!);
    return out;
  }

  get rules(): RuleSet {
    return this.ruleSet;
  }

  get parameters(): TrainedParameters {
    return this.params;
  }
}

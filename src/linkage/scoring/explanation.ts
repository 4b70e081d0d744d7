import { levelLabel } from './comparison-levels';
import { probabilityOf } from '../model/parameters';
import type { PairScorer } from './pair-scorer';

export interface ComparisonExplanation {
  comparison: string;
  level: number;
  label: string;
  m: number | null;
  u: number | null;
  /** log2(m/u); 0 on the null level. */
  weight: number;
  termFrequencyAdjustment: number;
  /** Match weight after this comparison (prior included). */
  runningTotal: number;
}

/** A waterfall: prior, then each comparison's level and weight, to the final weight and probability. */
export interface PairExplanation {
  priorWeight: number;
  comparisons: ComparisonExplanation[];
  matchWeight: number;
  probability: number;
}

export function explainPair(scorer: PairScorer, i: number, j: number): PairExplanation {
  const levels = scorer.levelsOf(i, j);
  let running = scorer.priorWeight;
  const comparisons = scorer.comparisons.map((comparison, c): ComparisonExplanation => {
    const level = levels[c]!;
    const { weight, termFrequencyAdjustment } = scorer.comparisonWeight(c, level, i, j);
    running += weight + termFrequencyAdjustment;
    const saved = level ? scorer.parameters.comparisons.find((p) => p.name === comparison.spec.name)?.levels[level - 1] : undefined;
    return {
      comparison: comparison.spec.name,
      level,
      label: levelLabel(comparison.spec, level),
      m: saved?.m ?? null,
      u: saved?.u ?? null,
      weight,
      termFrequencyAdjustment,
      runningTotal: running,
    };
  });
  return { priorWeight: scorer.priorWeight, comparisons, matchWeight: running, probability: probabilityOf(running) };
}

import type { EncodedRecords } from '../records/encoded-records';
import { probabilityOf } from '../model/parameters';
import type { ScoredPairs } from '../scoring/pair-scorer';

export interface PairwiseMetrics {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ThresholdRow extends PairwiseMetrics {
  threshold: number;
}

export interface Evaluation {
  /** Clusters judged as pairs (every two records in one cluster are a predicted pair). */
  clusters: PairwiseMetrics;
  /** Scored pairs at each threshold, before clustering. */
  byThreshold: ThresholdRow[];
  /** True pairs blocking never produced (counted as missed at every threshold). */
  truePairsNotBlocked: number;
}

function metrics(truePairs: number, predictedPairs: number, truePositives: number): PairwiseMetrics {
  const precision = predictedPairs ? truePositives / predictedPairs : 1;
  const recall = truePairs ? truePositives / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePairs, predictedPairs, truePositives, precision, recall, f1 };
}

/**
 * Pairs implied by grouping records by a key: within a group, every two records (dedupe) or
 * every record of input 0 with every record of input 1 (link). Counted, never enumerated.
 */
function groupPairs(records: EncodedRecords, keyOf: (i: number) => string | null): number {
  const groups = new Map<string, [number, number]>();
  for (let i = 0; i < records.size; i++) {
    const key = keyOf(i);
    if (key === null) continue;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = [0, 0]));
    g[records.inputOf[i] === 0 ? 0 : 1]++;
  }
  let pairs = 0;
  for (const [a, b] of groups.values()) pairs += records.mode === 'link' ? a * b : ((a + b) * (a + b - 1)) / 2;
  return pairs;
}

export const DEFAULT_THRESHOLDS = [0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999];

/**
 * Pairwise precision, recall and F1 against truth (an entity id per record; null = unknown,
 * such records count in no true pair). Recall's denominator is every true pair, including
 * those blocking never produced.
 */
export function evaluateLinkage(
  records: EncodedRecords,
  truth: ReadonlyArray<string | null>,
  clusterOf: Int32Array,
  scored: ScoredPairs | null,
  thresholds: readonly number[] = DEFAULT_THRESHOLDS,
): Evaluation {
  const truePairs = groupPairs(records, (i) => truth[i] ?? null);
  const predicted = groupPairs(records, (i) => String(clusterOf[i]));
  const truePositives = groupPairs(records, (i) => (truth[i] == null ? null : `${clusterOf[i]!}\u0001${truth[i]}`));
  const byThreshold: ThresholdRow[] = [];
  let trueBlocked = 0;
  if (scored) {
    const probabilities = Float64Array.from(scored.matchWeight, probabilityOf);
    const isTrue = new Uint8Array(scored.length);
    for (let p = 0; p < scored.length; p++) {
      const a = truth[scored.left[p]!];
      const b = truth[scored.right[p]!];
      if (a != null && a === b) {
        isTrue[p] = 1;
        trueBlocked++;
      }
    }
    for (const threshold of thresholds) {
      let predictedPairs = 0;
      let tp = 0;
      for (let p = 0; p < scored.length; p++) {
        if (probabilities[p]! >= threshold) {
          predictedPairs++;
          tp += isTrue[p]!;
        }
      }
      byThreshold.push({ threshold, ...metrics(truePairs, predictedPairs, tp) });
    }
  }
  return {
    clusters: metrics(truePairs, predicted, truePositives),
    byThreshold,
    truePairsNotBlocked: scored ? truePairs - trueBlocked : 0,
  };
}

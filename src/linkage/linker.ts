import type { RuleSet } from './rule-set/rule-set.types';
import { encodeRecords, type EncodedRecords, type RecordSource } from './records/encoded-records';
import { Blocker, type BlockingRuleCount, type PairList } from './blocking/blocking';
import { trainParameters, deterministicPairs, type TrainingOptions } from './training/train';
import type { TrainedParameters } from './model/parameters';
import { weightOf } from './model/parameters';
import { termFrequenciesFromRecords } from './model/term-frequency';
import { PairScorer, type ScoredPairs } from './scoring/pair-scorer';
import { explainPair, type PairExplanation } from './scoring/explanation';
import { CannotLinkChecker } from './clustering/cannot-link';
import { clusterWithConstraints, type ClusteringResult, type EdgeList } from './clustering/constrained-clustering';

export interface ClusterOptions {
  /** Link pairs at or above this probability (default: the rule set's link threshold). */
  threshold?: number;
  /** Manual overrides as record-index pairs. */
  mustLink?: ReadonlyArray<readonly [number, number]>;
  mustNotLink?: ReadonlyArray<readonly [number, number]>;
  /** cannot_link rules that even a manual must-link cannot override. */
  hardRules?: readonly string[];
}

/**
 * One batch run over one input (dedupe) or two (link): encode → block → train → score →
 * cluster, each step callable on its own so a caller can report between them.
 */
export class Linker {
  readonly records: EncodedRecords;
  private blocker?: Blocker;
  private scorer?: PairScorer;
  private checker?: CannotLinkChecker;

  constructor(
    readonly ruleSet: RuleSet,
    sources: readonly RecordSource[],
  ) {
    this.records = encodeRecords(ruleSet, sources);
  }

  /** Pairs per blocking rule, before any comparison (throws RunawayBlockingError past the limit). */
  blockingCounts(): BlockingRuleCount[] {
    this.blocker ??= new Blocker(this.ruleSet.blocking, this.records, this.ruleSet.limits);
    return this.blocker.counts;
  }

  /** The unioned, de-duplicated blocked pairs. */
  pairs(): PairList {
    this.blockingCounts();
    return this.blocker!.pairs();
  }

  train(options?: TrainingOptions): TrainedParameters {
    return trainParameters(this.ruleSet, this.records, options);
  }

  /** Binds trained parameters; term frequencies come from these records. */
  useParameters(params: TrainedParameters): PairScorer {
    this.scorer = new PairScorer(this.ruleSet, this.records, params, termFrequenciesFromRecords(this.ruleSet, this.records));
    this.checker = new CannotLinkChecker(this.ruleSet, this.records, this.scorer.comparisons);
    return this.scorer;
  }

  /** The scorer bound by useParameters. */
  get pairScorer(): PairScorer {
    return this.requireScorer();
  }

  private requireScorer(): PairScorer {
    if (!this.scorer) throw new Error('call useParameters(params) first');
    return this.scorer;
  }

  /** Scores pairs in this thread (see scoreInWorkers for large runs). */
  score(pairs: PairList): ScoredPairs {
    return this.requireScorer().score(pairs);
  }

  explain(i: number, j: number): PairExplanation {
    return explainPair(this.requireScorer(), i, j);
  }

  /** Name of the cannot_link rule records i and j meet, or null. */
  cannotLink(i: number, j: number): string | null {
    this.requireScorer();
    return this.checker!.check(i, j);
  }

  /** Constrained clustering of scored pairs at a probability threshold, plus deterministic links. */
  cluster(scored: ScoredPairs, options: ClusterOptions = {}): ClusteringResult {
    const scorer = this.requireScorer();
    const threshold = options.threshold ?? this.ruleSet.thresholds.link;
    const minWeight = threshold <= 0 ? -Infinity : threshold >= 1 ? Infinity : weightOf(threshold);
    const deterministic = deterministicPairs(this.ruleSet, this.records, scorer.comparisons);
    let above = 0;
    for (let p = 0; p < scored.length; p++) if (scored.matchWeight[p]! >= minWeight) above++;
    const size = above + deterministic.length;
    const edges: EdgeList = { left: new Int32Array(size), right: new Int32Array(size), strength: new Float64Array(size), length: size };
    let k = 0;
    for (let p = 0; p < scored.length; p++) {
      if (scored.matchWeight[p]! < minWeight) continue;
      edges.left[k] = scored.left[p]!;
      edges.right[k] = scored.right[p]!;
      edges.strength[k++] = scored.matchWeight[p]!;
    }
    // Deterministic links (same valid identifier and compatible birth date) go first.
    for (let p = 0; p < deterministic.length; p++, k++) {
      edges.left[k] = deterministic.left[p]!;
      edges.right[k] = deterministic.right[p]!;
      edges.strength[k] = Infinity;
    }
    const checker = this.checker!;
    const hard = new Set(options.hardRules ?? []);
    const unknown = [...hard].filter((name) => !checker.ruleNames.includes(name));
    if (unknown.length) throw new Error(`hard rules not in the rule set's cannot_link: ${unknown.join(', ')}`);
    return clusterWithConstraints({
      size: this.records.size,
      edges,
      mustLink: options.mustLink,
      mustNotLink: options.mustNotLink,
      conflict: checker.hasRules ? (i, j) => checker.check(i, j) : undefined,
      hardConflict: hard.size ? (i, j) => checker.check(i, j, hard) : undefined,
    });
  }
}

/**
 * childlink linkage core — Fellegi–Sunter record linkage as pure TypeScript (no framework, no
 * database, no file I/O), used by the service and by `childlink link-files`.
 *
 * Typical batch use (one input deduplicates, two link):
 *
 *   const ruleSet = parseRuleSet(yamlText, 'febrl.yaml');          // validated; errors name lines
 *   const linker = new Linker(ruleSet, [{ name: 'a', rows }, { name: 'b', columns, length }]);
 *   linker.blockingCounts();                                         // pairs per rule, before comparing
 *   const params = linker.train();       // u sampling + EM + prior; JSON-safe (trainInWorkers(linker, { workers: 2 }) for big runs)
 *   linker.useParameters(params);                                    // or parseParameters(JSON.parse(text), ruleSet)
 *   const scored = await scorePairs(linker, linker.pairs(), { workers: 2 });   // or linker.score(pairs)
 *   const { clusterOf } = linker.cluster(scored, { threshold: 0.9, mustNotLink: [[3, 7]] });
 *   linker.explain(i, j);                                            // per comparison: level, weight, running total
 *   evaluateLinkage(linker.records, truthIds, clusterOf, scored);    // pairwise P/R/F1 + table by threshold
 *
 * Single-record use (the person index): `new IncrementalMatcher(ruleSet, params)`;
 * `blockingKeys(record)` gives the {rule, key} values to store and to fetch candidates by;
 * `match(record, candidates)` scores, applies cannot-link and deterministic rules, and decides
 * link / review / none by the rule set's thresholds.
 *
 * Records are indexed 0..size-1 in input order (input 0 first). Standardised names are
 * UPPERCASE ASCII; dates ISO; postcodes "AB1 2CD"; invalid NHS numbers and UPNs become unknown.
 * Level 0 of every comparison is "null" (weight 0); the last is "else".
 */
export * from './standardise';
export * from './comparators';
export type * from './rule-set/rule-set.types';
export { parseRuleSet, RuleSetError, type RuleSetIssue } from './rule-set/rule-set.loader';
export {
  encodeRecords,
  standardiseValue,
  fieldValues,
  totalPossiblePairs,
  type RawRecord,
  type RecordSource,
  type EncodedRecords,
  type FieldColumn,
} from './records/encoded-records';
export { Blocker, RunawayBlockingError, type PairList, type BlockingRuleCount } from './blocking/blocking';
export { recordBlockingKeys, ruleKeys, type BlockingKeyValue } from './blocking/blocking-keys';
export {
  PARAMETERS_FORMAT,
  PARAMETERS_FORMAT_VERSION,
  parseParameters,
  probabilityOf,
  weightOf,
  priorWeight,
  levelWeights,
  type TrainedParameters,
  type ComparisonParameters,
  type LevelParameters,
  type TermFrequencyTable,
  type EmRunReport,
} from './model/parameters';
export { levelLabel, levelIndex, levelCount, NULL_LEVEL, ComparisonLevels } from './scoring/comparison-levels';
export { PairScorer, type ScoredPairs } from './scoring/pair-scorer';
export { explainPair, type PairExplanation, type ComparisonExplanation } from './scoring/explanation';
export { scorePairs, trainInWorkers, workersAvailable, ComparisonPool, type ScoreOptions } from './scoring/parallel-scoring';
export { trainParameters, planTraining, supervisedM, samplePairs, estimateU, deterministicPairs, type TrainingOptions, type TrainingPlan } from './training/train';
export { expectationMaximisation, countPatterns, type PatternCounts, type EmResult } from './training/expectation-maximisation';
export { CannotLinkChecker } from './clustering/cannot-link';
export { clusterWithConstraints, type ClusterEdge, type EdgeList, type ClusteringInput, type ClusteringResult, type RefusedMerge } from './clustering/constrained-clustering';
export { evaluateLinkage, DEFAULT_THRESHOLDS, type Evaluation, type PairwiseMetrics, type ThresholdRow } from './evaluation/pairwise-evaluation';
export { Linker, type ClusterOptions } from './linker';
export { IncrementalMatcher, type CandidateScore } from './incremental-matcher';

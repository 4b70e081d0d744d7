import type { RuleSet } from './rule-set/rule-set.types';
import { encodeRecords, fieldValues, type RawRecord } from './records/encoded-records';
import { recordBlockingKeys, ruleKeys, type BlockingKeyValue } from './blocking/blocking-keys';
import { probabilityOf, type TrainedParameters } from './model/parameters';
import { termFrequenciesFromTables } from './model/term-frequency';
import { PairScorer } from './scoring/pair-scorer';
import { explainPair, type PairExplanation } from './scoring/explanation';
import { levelIndex } from './scoring/comparison-levels';
import { CannotLinkChecker } from './clustering/cannot-link';

export interface CandidateScore {
  /** Index of the candidate in the array given. */
  candidate: number;
  recordId: string;
  matchWeight: number;
  probability: number;
  /** The cannot_link rule the pair meets (never link it), or null. */
  cannotLink: string | null;
  /** The deterministic rule the pair meets (link regardless of score), or null. */
  deterministic: string | null;
  /** link / review / none by the rule set's thresholds (cannot-link forces none, deterministic link). */
  decision: 'link' | 'review' | 'none';
}

/**
 * Matching one new or changed record against candidates the caller fetched (for example from
 * PostgreSQL by blocking key), with trained parameters and their saved term frequencies.
 * Holds no data between calls, so one instance serves every request.
 */
export class IncrementalMatcher {
  constructor(
    readonly ruleSet: RuleSet,
    readonly params: TrainedParameters,
  ) {}

  /** Standardised values of each field for a raw record (what the caller may store). */
  standardise(record: RawRecord): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const field of this.ruleSet.fields) out[field.name] = fieldValues(field, (column) => record[column]);
    return out;
  }

  /** Blocking keys of a record under the prediction rules: store them, and look candidates up by them. */
  blockingKeys(record: RawRecord): BlockingKeyValue[] {
    const values = this.standardise(record);
    return recordBlockingKeys(this.ruleSet.blocking, this.ruleSet.fields, (field) => values[field] ?? []);
  }

  private encode(record: RawRecord, candidates: readonly RawRecord[]) {
    const records = encodeRecords(this.ruleSet, [{ name: 'incremental', rows: [record, ...candidates] }]);
    const scorer = new PairScorer(this.ruleSet, records, this.params, termFrequenciesFromTables(this.ruleSet, records, this.params.termFrequencies));
    return { records, scorer, checker: new CannotLinkChecker(this.ruleSet, records, scorer.comparisons) };
  }

  /** Scores the record against every candidate, strongest first. */
  match(record: RawRecord, candidates: readonly RawRecord[]): CandidateScore[] {
    if (!candidates.length) return [];
    const { records, scorer, checker } = this.encode(record, candidates);
    const valuesOf = (i: number) => (field: string): readonly string[] => {
      const column = records.fields[records.fieldIndex.get(field) ?? -1];
      const id = column?.ids[i] ?? -1;
      return id < 0 ? [] : (column?.values[id] ?? []);
    };
    const newKeys = this.ruleSet.deterministic.map((rule) => new Set(ruleKeys(rule, valuesOf(0))));
    const { link, review } = this.ruleSet.thresholds;
    const results = candidates.map((_, k): CandidateScore => {
      const j = k + 1;
      const levels = scorer.levelsOf(0, j);
      const matchWeight = scorer.weightOfLevels(levels, 0, 0, j);
      const probability = probabilityOf(matchWeight);
      const cannotLink = checker.check(0, j);
      const deterministicRule = this.ruleSet.deterministic.find((rule, r) => {
        if (!ruleKeys(rule, valuesOf(j)).some((key) => newKeys[r]!.has(key))) return false;
        return Object.entries(rule.require).every(([name, labels]) => {
          const c = scorer.comparisons.findIndex((x) => x.spec.name === name);
          return labels.some((label) => levelIndex(scorer.comparisons[c]!.spec, label) === levels[c]);
        });
      });
      const deterministic = deterministicRule?.name ?? null;
      const decision = cannotLink ? 'none' : deterministic || probability >= link ? 'link' : probability >= review ? 'review' : 'none';
      return { candidate: k, recordId: records.recordIds[j] ?? '', matchWeight, probability, cannotLink, deterministic, decision };
    });
    return results.sort((a, b) => b.matchWeight - a.matchWeight);
  }

  /** The waterfall for the record against one candidate. */
  explain(record: RawRecord, candidate: RawRecord): PairExplanation {
    const { scorer } = this.encode(record, [candidate]);
    return explainPair(scorer, 0, 1);
  }
}

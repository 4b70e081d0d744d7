import type { RuleSet } from '../rule-set/rule-set.types';
import type { EncodedRecords, FieldColumn } from '../records/encoded-records';
import { columnOf, levelIndex, sharesValue, type ComparisonLevels } from '../scoring/comparison-levels';

interface CompiledRule {
  name: string;
  equal: FieldColumn[];
  differ: FieldColumn[];
  levels: Array<{ comparison: ComparisonLevels; allowed: Set<number> }>;
  notLevels: Array<{ comparison: ComparisonLevels; excluded: Set<number> }>;
}

/**
 * The rule set's hard negatives: a pair meeting every clause of any cannot_link rule can never
 * be one person (different valid NHS numbers; twins: same birth date, surname and address but
 * forenames that are not the same or nicknames of each other).
 */
export class CannotLinkChecker {
  private readonly rules: CompiledRule[];

  constructor(ruleSet: RuleSet, records: EncodedRecords, comparisons: readonly ComparisonLevels[]) {
    const byName = new Map(comparisons.map((c) => [c.spec.name, c]));
    this.rules = ruleSet.cannotLink.map((rule) => ({
      name: rule.name,
      equal: rule.equal.map((f) => columnOf(records, f)),
      differ: rule.differ.map((f) => columnOf(records, f)),
      levels: Object.entries(rule.levels).map(([name, labels]) => {
        const comparison = byName.get(name)!;
        return { comparison, allowed: new Set(labels.map((l) => levelIndex(comparison.spec, l))) };
      }),
      notLevels: Object.entries(rule.notLevels).map(([name, labels]) => {
        const comparison = byName.get(name)!;
        return { comparison, excluded: new Set(labels.map((l) => levelIndex(comparison.spec, l))) };
      }),
    }));
  }

  get hasRules(): boolean {
    return this.rules.length > 0;
  }

  get ruleNames(): string[] {
    return this.rules.map((r) => r.name);
  }

  /** Name of the first cannot_link rule the pair meets (of those in `only`, when given), or null. */
  check(i: number, j: number, only?: ReadonlySet<string>): string | null {
    for (const rule of this.rules) {
      if (only && !only.has(rule.name)) continue;
      if (this.meets(rule, i, j)) return rule.name;
    }
    return null;
  }

  private meets(rule: CompiledRule, i: number, j: number): boolean {
    for (const column of rule.differ) {
      if (column.ids[i]! < 0 || column.ids[j]! < 0 || sharesValue(column, i, column, j)) return false;
    }
    for (const column of rule.equal) if (!sharesValue(column, i, column, j)) return false;
    for (const { comparison, allowed } of rule.levels) if (!allowed.has(comparison.level(i, j))) return false;
    for (const { comparison, excluded } of rule.notLevels) {
      const level = comparison.level(i, j);
      if (level === 0 || excluded.has(level)) return false;
    }
    return true;
  }
}

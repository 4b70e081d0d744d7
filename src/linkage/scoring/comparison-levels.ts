import { areNicknames } from '../comparators/nicknames';
import { doubleMetaphoneMatch, soundexMatch } from '../comparators/phonetic';
import { damerauLevenshtein, jaro, jaroWinkler, levenshtein } from '../comparators/string-similarity';
import { daysApart, datesDayMonthSwapped, datesOneDigitApart } from '../comparators/date-similarity';
import type { ComparisonSpec, LevelSpec, RuleSet } from '../rule-set/rule-set.types';
import type { EncodedRecords, FieldColumn } from '../records/encoded-records';

/**
 * Level numbering used everywhere (patterns, parameters, explanations):
 * 0 = null (either side unknown, weight 0), 1..k = the declared levels in order, k+1 = else.
 */
export const NULL_LEVEL = 0;

export function levelCount(spec: ComparisonSpec): number {
  return spec.levels.length + 2;
}

export function levelLabel(spec: ComparisonSpec, level: number): string {
  if (level === NULL_LEVEL) return 'null';
  return spec.levels[level - 1]?.label ?? 'else';
}

/** Index of a level label ("else" included), or -1. */
export function levelIndex(spec: ComparisonSpec, label: string): number {
  if (label === 'else') return spec.levels.length + 1;
  const i = spec.levels.findIndex((l) => l.label === label);
  return i < 0 ? -1 : i + 1;
}

function postcodeSector(p: string): string {
  return p.slice(0, -2);
}
function postcodeDistrict(p: string): string {
  return p.slice(0, p.indexOf(' '));
}
function postcodeArea(p: string): string {
  return /^[A-Z]+/.exec(p)?.[0] ?? '';
}

/** Whether two single standardised values satisfy a level (reversed levels are handled by the caller). */
export function valuesSatisfy(level: LevelSpec, x: string, y: string): boolean {
  switch (level.kind) {
    case 'exact':
      return x === y;
    case 'jaro_winkler':
      return jaroWinkler(x, y) >= (level.min ?? 1);
    case 'jaro':
      return jaro(x, y) >= (level.min ?? 1);
    case 'levenshtein':
      return levenshtein(x, y) <= (level.max ?? 0);
    case 'damerau_levenshtein':
      return damerauLevenshtein(x, y) <= (level.max ?? 0);
    case 'nickname':
      return areNicknames(x, y);
    case 'double_metaphone':
      return doubleMetaphoneMatch(x, y);
    case 'soundex':
      return soundexMatch(x, y);
    case 'date_day_month_swap':
      return datesDayMonthSwapped(x, y);
    case 'date_one_digit':
      return datesOneDigitApart(x, y);
    case 'date_within_days':
      return daysApart(x, y) <= (level.days ?? 0);
    case 'postcode_sector':
      return postcodeSector(x) === postcodeSector(y);
    case 'postcode_district':
      return postcodeDistrict(x) === postcodeDistrict(y);
    case 'postcode_area':
      return postcodeArea(x) === postcodeArea(y);
    case 'numeric_within':
      return Math.abs(Number(x) - Number(y)) <= (level.max ?? 0);
    case 'prefix': {
      const n = level.length ?? 1;
      return x.length >= n && y.length >= n && x.slice(0, n) === y.slice(0, n);
    }
    case 'reversed':
      return false;
  }
}

const EXPENSIVE = new Set(['jaro_winkler', 'jaro', 'levenshtein', 'damerau_levenshtein', 'nickname', 'double_metaphone', 'soundex']);
/**
 * Value-pair cache: a direct-mapped table in one typed array (2^20 slots, 8 MiB), a colliding pair
 * simply replaces the slot. Fixed memory, no garbage: a Map of millions of pairs cost more in
 * hashing and GC at a million records than the comparisons it saved.
 */
const CACHE_BITS = 20;
const MIN_RECORDS_FOR_CACHE = 2_000;
const CACHE_SHIFT = 32 - CACHE_BITS;

/**
 * Computes one comparison's level for record pairs, caching by distinct value pair when the
 * levels are costly (string similarity, phonetics): names repeat, so most pairs hit the cache.
 */
export class ComparisonLevels {
  private readonly column: FieldColumn;
  private readonly reversed: Array<{ level: number; other: FieldColumn }> = [];
  /** Slot s holds [smaller value id, larger id << 8 | level]: one cache line per lookup. */
  private readonly cache: Int32Array | null;
  private readonly sameValueLevel: number;

  constructor(
    readonly spec: ComparisonSpec,
    records: EncodedRecords,
  ) {
    this.column = columnOf(records, spec.field);
    spec.levels.forEach((level, i) => {
      if (level.kind === 'reversed' && level.field) this.reversed.push({ level: i + 1, other: columnOf(records, level.field) });
    });
    // Only worth it when values repeat (names, towns) in a run big enough to amortise the table;
    // identifiers and dates are mostly distinct, and single-record matching compares a handful.
    const repeats = records.size >= MIN_RECORDS_FOR_CACHE && this.column.values.length < this.column.nonNull * 0.5;
    const cached = repeats && spec.levels.some((l) => EXPENSIVE.has(l.kind));
    // Value ids must fit in 23 bits beside the level byte.
    this.cache = cached && this.column.values.length < 1 << 23 ? new Int32Array(2 << CACHE_BITS).fill(-1) : null;
    this.sameValueLevel = this.identicalLevel();
  }

  /** The level of the pair of records (i, j). */
  level(i: number, j: number): number {
    const a = this.column.ids[i]!;
    const b = this.column.ids[j]!;
    let level: number;
    if (a < 0 || b < 0) {
      level = NULL_LEVEL;
    } else if (a === b) {
      level = this.sameValueLevel;
    } else if (this.cache) {
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      const slot = ((Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) >>> CACHE_SHIFT) << 1;
      const packed = this.cache[slot + 1]!;
      if (this.cache[slot] === lo && packed >>> 8 === hi) {
        level = packed & 0xff;
      } else {
        level = this.valueLevel(this.column.values[a]!, this.column.values[b]!);
        this.cache[slot] = lo;
        this.cache[slot + 1] = (hi << 8) | level;
      }
    } else {
      level = this.valueLevel(this.column.values[a]!, this.column.values[b]!);
    }
    if (this.reversed.length) level = this.applyReversed(i, j, level);
    return level;
  }

  /** Identical values satisfy the first non-reversed level that equality satisfies (normally 1). */
  private identicalLevel(): number {
    for (let l = 0; l < this.spec.levels.length; l++) {
      const level = this.spec.levels[l]!;
      if (level.kind !== 'reversed' && valuesSatisfyIdentical(level)) return l + 1;
    }
    return this.spec.levels.length + 1;
  }

  /** First declared level any pair of the two value lists satisfies (best-of for multi-valued fields). */
  valueLevel(left: readonly string[], right: readonly string[]): number {
    let best = this.spec.levels.length + 1;
    for (const x of left) {
      for (const y of right) {
        const level = this.firstLevel(x, y, best);
        if (level < best) best = level;
        if (best === 1) return best;
      }
    }
    return best;
  }

  /** First level (below `stop`) two single values satisfy; each similarity is computed once however many levels use it. */
  private firstLevel(x: string, y: string, stop: number): number {
    const levels = this.spec.levels;
    let jw = -1;
    let jr = -1;
    let lev = -1;
    let dl = -1;
    for (let l = 0; l < levels.length && l + 1 < stop; l++) {
      const level = levels[l]!;
      let ok: boolean;
      const kind = level.kind;
      if (kind === 'reversed') {
        continue;
      } else if (kind === 'jaro_winkler') {
        if (jw < 0) jw = jaroWinkler(x, y);
        ok = jw >= (level.min ?? 1);
      } else if (kind === 'jaro') {
        if (jr < 0) jr = jaro(x, y);
        ok = jr >= (level.min ?? 1);
      } else if (kind === 'levenshtein') {
        if (lev < 0) lev = levenshtein(x, y);
        ok = lev <= (level.max ?? 0);
      } else if (kind === 'damerau_levenshtein') {
        // Levenshtein bounds it: DL ≤ Lev ≤ 2·DL (a transposition is two Levenshtein edits),
        // so the costlier DL is computed only in the band where they could disagree.
        const max = level.max ?? 0;
        if (lev < 0) lev = levenshtein(x, y);
        if (lev <= max) ok = true;
        else if (lev > 2 * max) ok = false;
        else {
          if (dl < 0) dl = damerauLevenshtein(x, y);
          ok = dl <= max;
        }
      } else {
        ok = valuesSatisfy(level, x, y);
      }
      if (ok) return l + 1;
    }
    return stop;
  }

  /** A reversed level stronger than the level found applies when each side's field equals the other's swapped field. */
  private applyReversed(i: number, j: number, found: number): number {
    if (found === NULL_LEVEL) return found;
    for (const { level, other } of this.reversed) {
      if (level >= found) break;
      if (sharesValue(this.column, i, other, j) && sharesValue(other, i, this.column, j)) return level;
    }
    return found;
  }
}

/** Levels that identical values always satisfy (all but reversed, which compares another field). */
function valuesSatisfyIdentical(level: LevelSpec): boolean {
  return level.kind !== 'date_day_month_swap' && level.kind !== 'date_one_digit';
}

export function columnOf(records: EncodedRecords, field: string): FieldColumn {
  const index = records.fieldIndex.get(field);
  const column = index === undefined ? undefined : records.fields[index];
  if (!column) throw new Error(`unknown field "${field}"`);
  return column;
}

/** Whether record i's value list in one column shares a value with record j's in another. */
export function sharesValue(left: FieldColumn, i: number, right: FieldColumn, j: number): boolean {
  const a = left.ids[i]!;
  const b = right.ids[j]!;
  if (a < 0 || b < 0) return false;
  if (left === right && a === b) return true;
  const xs = left.values[a]!;
  const ys = right.values[b]!;
  for (const x of xs) for (const y of ys) if (x === y) return true;
  return false;
}

/** One ComparisonLevels per comparison of the rule set, in order. */
export function comparisonLevelsFor(ruleSet: RuleSet, records: EncodedRecords): ComparisonLevels[] {
  return ruleSet.comparisons.map((spec) => new ComparisonLevels(spec, records));
}

/** Levels of every comparison for the pairs, row-major: levels[p * C + c]. */
export function computeLevels(comparisons: readonly ComparisonLevels[], left: Int32Array, right: Int32Array, from = 0, to = left.length): Uint8Array {
  const c = comparisons.length;
  const out = new Uint8Array((to - from) * c);
  for (let p = from; p < to; p++) {
    const i = left[p]!;
    const j = right[p]!;
    const base = (p - from) * c;
    for (let k = 0; k < c; k++) out[base + k] = comparisons[k]!.level(i, j);
  }
  return out;
}

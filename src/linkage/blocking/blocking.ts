import type { BlockingRuleSpec, RuleSet } from '../rule-set/rule-set.types';
import type { EncodedRecords } from '../records/encoded-records';
import { keyPartValues } from './blocking-keys';

/** Record pairs as two parallel arrays of record indices (left < right in dedupe mode). */
export interface PairList {
  left: Int32Array;
  right: Int32Array;
  /** Index of the blocking rule that first produced each pair. */
  rule: Uint8Array;
  length: number;
}

export interface BlockingRuleCount {
  rule: string;
  /** Pairs the rule's blocks hold, before removing those an earlier rule already produced. */
  candidatePairs: number;
  /** Pairs this rule adds (computed when pairs are generated). */
  newPairs?: number;
  blocks: number;
  largestBlock: number;
  /** Blocks larger than limits.maxBlockSize, left out of this rule (a value like "UNKNOWN"). */
  skippedBlocks: number;
  skippedPairs: number;
}

/** Thrown before any comparison when a rule would produce more pairs than limits.maxPairsPerRule. */
export class RunawayBlockingError extends Error {
  constructor(readonly counts: BlockingRuleCount[], limit: number) {
    const bad = counts.filter((c) => c.candidatePairs > limit).map((c) => `${c.rule}: ${c.candidatePairs} pairs`);
    super(`blocking would compare too many pairs (limit ${limit} per rule): ${bad.join('; ')}`);
    this.name = 'RunawayBlockingError';
  }
}

/** One rule's keys: record → sorted key ids (CSR), key id → records. */
interface RuleIndex {
  offsets: Int32Array;
  keys: Int32Array;
  blockStart: Int32Array;
  blockMembers: Int32Array;
  count: BlockingRuleCount;
  skipped: Uint8Array;
}

function indexRule(rule: BlockingRuleSpec, records: EncodedRecords, maxBlockSize: number): RuleIndex {
  const offsets = new Int32Array(records.size + 1);
  const keyList: number[] = [];
  // Each part's key ids are computed once per distinct field value, then combined per record as
  // numbers (mixed radix), so a million records never build a million key strings.
  const parts = rule.keys.map((part) => {
    const column = records.fields[records.fieldIndex.get(part.field) ?? -1];
    if (!column) throw new Error(`blocking rule ${rule.name}: unknown field ${part.field}`);
    // A plain value of a single-valued field is its own key part: the field's value id.
    if (part.transform === 'value' && column.values.every((v) => v.length === 1)) {
      const identity = Int32Array.from({ length: column.values.length }, (_, v) => v);
      return { column, idsOfValue: null, first: identity, radix: Math.max(1, column.values.length) };
    }
    const partDictionary = new Map<string, number>();
    const idsOfValue = column.values.map((values) =>
      keyPartValues(part, values).map((key) => {
        let id = partDictionary.get(key);
        if (id === undefined) partDictionary.set(key, (id = partDictionary.size));
        return id;
      }),
    );
    const first = Int32Array.from(idsOfValue, (ids) => (ids.length ? ids[0]! : -1));
    return { column, idsOfValue, first, radix: Math.max(1, partDictionary.size) };
  });
  const numeric = parts.reduce((product, p) => product * p.radix, 1) < Number.MAX_SAFE_INTEGER;
  const dictionary = new Map<number | string, number>();
  let combos: Array<number | string> = [];
  // Fast path: every value yields at most one key part, so a record has at most one key.
  const single = numeric && parts.every((p) => !p.idsOfValue || p.idsOfValue.every((ids) => ids.length <= 1));
  const firstIds = parts.map((p) => p.first);
  for (let r = 0; single && r < records.size; r++) {
    offsets[r] = keyList.length;
    let combo = 0;
    let part = 0;
    for (; part < parts.length; part++) {
      const valueId = parts[part]!.column.ids[r]!;
      const id = valueId >= 0 ? firstIds[part]![valueId]! : -1;
      if (id < 0) break;
      combo = combo * parts[part]!.radix + id;
    }
    if (part < parts.length) continue;
    let key = dictionary.get(combo);
    if (key === undefined) dictionary.set(combo, (key = dictionary.size));
    keyList.push(key);
  }
  for (let r = 0; !single && r < records.size; r++) {
    offsets[r] = keyList.length;
    combos = [numeric ? 0 : ''];
    for (const part of parts) {
      const valueId = part.column.ids[r]!;
      const partIds = valueId < 0 ? [] : part.idsOfValue ? part.idsOfValue[valueId]! : [part.first[valueId]!];
      if (!partIds.length) {
        combos = [];
        break;
      }
      if (partIds.length === 1 && combos.length === 1) {
        combos[0] = numeric ? (combos[0] as number) * part.radix + partIds[0]! : `${combos[0] as string}|${partIds[0]!}`;
      } else {
        const next: Array<number | string> = [];
        for (const prefix of combos) for (const id of partIds) next.push(numeric ? (prefix as number) * part.radix + id : `${prefix as string}|${id}`);
        combos = next;
      }
    }
    if (!combos.length) continue;
    const ids = combos.map((combo) => {
      let id = dictionary.get(combo);
      if (id === undefined) dictionary.set(combo, (id = dictionary.size));
      return id;
    });
    if (ids.length > 1) {
      ids.sort((a, b) => a - b);
      for (let k = 0; k < ids.length; k++) if (k === 0 || ids[k] !== ids[k - 1]) keyList.push(ids[k]!);
    } else {
      keyList.push(ids[0]!);
    }
  }
  offsets[records.size] = keyList.length;
  const keys = Int32Array.from(keyList);
  const keyCount = dictionary.size;

  // Count members per key and per input, to count pairs before generating any.
  const perKey = new Int32Array(keyCount);
  const perKeyInput0 = new Int32Array(keyCount);
  for (let r = 0; r < records.size; r++) {
    for (let k = offsets[r]!; k < offsets[r + 1]!; k++) {
      perKey[keys[k]!]!++;
      if (records.inputOf[r] === 0) perKeyInput0[keys[k]!]!++;
    }
  }
  const count: BlockingRuleCount = { rule: rule.name, candidatePairs: 0, blocks: 0, largestBlock: 0, skippedBlocks: 0, skippedPairs: 0 };
  const skipped = new Uint8Array(keyCount);
  for (let key = 0; key < keyCount; key++) {
    const n = perKey[key]!;
    if (n < 2) continue;
    const pairs = records.mode === 'link' ? perKeyInput0[key]! * (n - perKeyInput0[key]!) : (n * (n - 1)) / 2;
    if (pairs === 0) continue;
    if (n > maxBlockSize) {
      skipped[key] = 1;
      count.skippedBlocks++;
      count.skippedPairs += pairs;
      continue;
    }
    count.blocks++;
    count.candidatePairs += pairs;
    if (n > count.largestBlock) count.largestBlock = n;
  }
  const blockStart = new Int32Array(keyCount + 1);
  for (let key = 0; key < keyCount; key++) blockStart[key + 1] = blockStart[key]! + perKey[key]!;
  const fill = blockStart.slice(0, keyCount);
  const blockMembers = new Int32Array(keys.length);
  for (let r = 0; r < records.size; r++) {
    for (let k = offsets[r]!; k < offsets[r + 1]!; k++) blockMembers[fill[keys[k]!]!++] = r;
  }
  return { offsets, keys, blockStart, blockMembers, count, skipped };
}

/** Smallest key two records share under a rule (ignoring skipped blocks), or -1. */
function firstSharedKey(index: RuleIndex, i: number, j: number): number {
  let a = index.offsets[i]!;
  const aEnd = index.offsets[i + 1]!;
  let b = index.offsets[j]!;
  const bEnd = index.offsets[j + 1]!;
  while (a < aEnd && b < bEnd) {
    const x = index.keys[a]!;
    const y = index.keys[b]!;
    if (x === y) {
      if (!index.skipped[x]) return x;
      a++;
      b++;
    } else if (x < y) a++;
    else b++;
  }
  return -1;
}

/**
 * Blocking over several rules. Counts come first (`counts`), so a bad rule is visible before
 * any comparison; `pairs()` then yields each pair once: a pair is kept by the first rule whose
 * blocks hold it, and within a rule under the smallest key the two records share.
 */
export class Blocker {
  private readonly indexes: RuleIndex[];
  readonly counts: BlockingRuleCount[];

  constructor(
    private readonly rules: readonly BlockingRuleSpec[],
    private readonly records: EncodedRecords,
    limits: RuleSet['limits'],
    options: { enforceLimit?: boolean } = {},
  ) {
    if (rules.length > 255) throw new Error('at most 255 blocking rules');
    this.indexes = rules.map((rule) => indexRule(rule, records, limits.maxBlockSize));
    this.counts = this.indexes.map((i) => i.count);
    if ((options.enforceLimit ?? true) && this.counts.some((c) => c.candidatePairs > limits.maxPairsPerRule)) {
      throw new RunawayBlockingError(this.counts, limits.maxPairsPerRule);
    }
  }

  /**
   * Generates the unioned, de-duplicated pairs of all rules (or of one rule). `keep` (0..1]
   * keeps that share of pairs, chosen by `random`: training needs a sample, not every pair.
   */
  pairs(onlyRule?: number, keep = 1, random: () => number = Math.random): PairList {
    const capacity = Math.max(16, Math.ceil(keep * this.counts.reduce((s, c, r) => (onlyRule === undefined || onlyRule === r ? s + c.candidatePairs : s), 0)));
    let left: Int32Array = new Int32Array(Math.min(capacity, 1 << 24));
    let right: Int32Array = new Int32Array(left.length);
    let ruleOf: Uint8Array = new Uint8Array(left.length);
    let length = 0;
    const push = (i: number, j: number, r: number): void => {
      if (length === left.length) {
        const grow = (arr: Int32Array): Int32Array => {
          const next = new Int32Array(arr.length * 2);
          next.set(arr);
          return next;
        };
        left = grow(left);
        right = grow(right);
        const nextRule = new Uint8Array(ruleOf.length * 2);
        nextRule.set(ruleOf);
        ruleOf = nextRule;
      }
      left[length] = i;
      right[length] = j;
      ruleOf[length] = r;
      length++;
    };
    const link = this.records.mode === 'link';
    const inputOf = this.records.inputOf;
    this.indexes.forEach((index, r) => {
      if (onlyRule !== undefined && onlyRule !== r) return;
      let added = 0;
      const keyCount = index.blockStart.length - 1;
      for (let key = 0; key < keyCount; key++) {
        if (index.skipped[key]) continue;
        const start = index.blockStart[key]!;
        const end = index.blockStart[key + 1]!;
        if (end - start < 2) continue;
        for (let a = start; a < end; a++) {
          const i = index.blockMembers[a]!;
          for (let b = a + 1; b < end; b++) {
            const other = index.blockMembers[b]!;
            let x: number;
            let y: number;
            if (link) {
              if (inputOf[other] === inputOf[i]) continue;
              // Left is always the first input's record.
              [x, y] = inputOf[i] === 0 ? [i, other] : [other, i];
            } else {
              [x, y] = i < other ? [i, other] : [other, i];
            }
            if (index.offsets[i + 1]! - index.offsets[i]! > 1 && firstSharedKey(index, x, y) !== key) continue;
            if (onlyRule === undefined && this.producedEarlier(r, x, y)) continue;
            if (keep < 1 && random() >= keep) continue;
            push(x, y, r);
            added++;
          }
        }
      }
      if (onlyRule === undefined) index.count.newPairs = added;
    });
    return { left: left.subarray(0, length), right: right.subarray(0, length), rule: ruleOf.subarray(0, length), length };
  }

  /**
   * A seeded sample of one rule's pairs, drawn with replacement without enumerating the rule:
   * a block is chosen in proportion to its pairs, then a pair inside it. Training uses this, so a
   * rule holding 50 million pairs costs no more than one holding 50 thousand.
   */
  samplePairs(rule: number, count: number, random: () => number): PairList {
    const index = this.indexes[rule];
    if (!index) throw new Error(`no blocking rule ${rule}`);
    const link = this.records.mode === 'link';
    const inputOf = this.records.inputOf;
    const keyCount = index.blockStart.length - 1;
    const cumulative = new Float64Array(keyCount);
    let total = 0;
    for (let key = 0; key < keyCount; key++) {
      const n = index.blockStart[key + 1]! - index.blockStart[key]!;
      if (!index.skipped[key] && n > 1) {
        if (link) {
          let first = 0;
          for (let m = index.blockStart[key]!; m < index.blockStart[key + 1]!; m++) if (inputOf[index.blockMembers[m]!] === 0) first++;
          total += first * (n - first);
        } else {
          total += (n * (n - 1)) / 2;
        }
      }
      cumulative[key] = total;
    }
    const n = total > 0 ? count : 0;
    const left = new Int32Array(n);
    const right = new Int32Array(n);
    let made = 0;
    for (let attempt = 0; made < n && attempt < n * 50; attempt++) {
      const target = random() * total;
      let lo = 0;
      let hi = keyCount - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! <= target) lo = mid + 1;
        else hi = mid;
      }
      const start = index.blockStart[lo]!;
      const size = index.blockStart[lo + 1]! - start;
      const a = index.blockMembers[start + Math.floor(random() * size)]!;
      const b = index.blockMembers[start + Math.floor(random() * size)]!;
      if (a === b || (link && inputOf[a] === inputOf[b])) continue;
      if (link) {
        left[made] = inputOf[a] === 0 ? a : b;
        right[made] = inputOf[a] === 0 ? b : a;
      } else {
        left[made] = Math.min(a, b);
        right[made] = Math.max(a, b);
      }
      made++;
    }
    return { left: left.subarray(0, made), right: right.subarray(0, made), rule: new Uint8Array(made).fill(rule), length: made };
  }

  private producedEarlier(rule: number, i: number, j: number): boolean {
    for (let r = 0; r < rule; r++) if (firstSharedKey(this.indexes[r]!, i, j) >= 0) return true;
    return false;
  }

  /** Whether records i and j share a (non-skipped) key under a rule. */
  agree(rule: number, i: number, j: number): boolean {
    const index = this.indexes[rule];
    return index ? firstSharedKey(index, i, j) >= 0 : false;
  }
}

import { Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  deterministicPairs,
  IncrementalMatcher,
  Linker,
  parseParameters,
  parseRuleSet,
  scorePairs,
  trainInWorkers,
  weightOf,
  type RawRecord,
  type RecordSource,
  type RuleSet,
  type TrainedParameters,
} from '../linkage';
import type { LinkMethod } from './entities/person-link.entity';
import type { BatchLinkResult, CandidateScore, LinkageConstraints, PersonLinkage, ReviewPair } from './person-linkage';
import type { RecordTable } from './record-table';

/**
 * cannot_link rules of child.yaml that bind stewards too (DESIGN.md): a sealed pre-adoption
 * identity is never joined to a post-adoption one, nor two different valid NHS numbers, whatever
 * a manual link says. The twins and UPN rules stay soft: a steward may know better.
 */
export const HARD_CANNOT_LINK_RULES = ['pre_and_post_adoption', 'different_nhs_numbers'] as const;

/** Review pairs kept per run: enough for any steward team; a flood means the thresholds are wrong. */
const MAX_REVIEW_PAIRS = 20_000;

function recordKey(table: RecordTable, i: number): string {
  return `${table.feed[i]}|${table.sourceId[i]}`;
}

function columnsOf(table: RecordTable): RecordSource {
  const n = table.size;
  const alt = (k: number) => Array.from({ length: n }, (_, i) => table.altSurnames[i]?.[k] ?? null);
  return {
    name: 'person-index',
    length: n,
    columns: {
      record_key: Array.from({ length: n }, (_, i) => recordKey(table, i)),
      forename: table.forename,
      middle_names: table.middleNames,
      surname: table.surname,
      alt_surname_1: alt(0),
      alt_surname_2: alt(1),
      dob: table.dob,
      sex: table.sex,
      postcode: table.postcode,
      nhs_number: table.nhsNumber,
      upn: table.upn,
      former_upn: table.formerUpn,
      adoption_identity: table.preAdoption.map((pre) => (pre ? 'PRE' : 'POST')),
    },
  };
}

function rowOf(table: RecordTable, i: number): RawRecord {
  const alt = table.altSurnames[i];
  return {
    record_key: recordKey(table, i),
    forename: table.forename[i] ?? null,
    middle_names: table.middleNames[i] ?? null,
    surname: table.surname[i] ?? null,
    alt_surname_1: alt?.[0] ?? null,
    alt_surname_2: alt?.[1] ?? null,
    dob: table.dob[i] ?? null,
    sex: table.sex[i] ?? null,
    postcode: table.postcode[i] ?? null,
    nhs_number: table.nhsNumber[i] ?? null,
    upn: table.upn[i] ?? null,
    former_upn: table.formerUpn[i] ?? null,
    adoption_identity: table.preAdoption[i] ? 'PRE' : 'POST',
  };
}

/** The rule set file: beside the sources in a checkout, or under the working directory when installed. */
export function childRuleSetPath(): string {
  const candidates = [
    process.env.CHILDLINK_CHILD_RULES,
    join(__dirname, '..', '..', 'matching-rules', 'child.yaml'),
    join(__dirname, '..', '..', '..', 'matching-rules', 'child.yaml'),
    resolve('matching-rules', 'child.yaml'),
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`matching-rules/child.yaml not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * The person index's adapter to the linkage core: turns RecordTables into the core's column
 * input, runs block → score → constrained clustering, and reports per-record link strength,
 * method and review-band pairs in the index's terms.
 */
@Injectable()
export class CorePersonLinkage implements PersonLinkage {
  readonly ruleSet: RuleSet;
  private readonly matchers = new WeakMap<object, IncrementalMatcher>();
  /**
   * One Linker (the encoded records) per RecordTable: a from-scratch run trains and then links the
   * same table, and encoding a million records twice cost ~13 s.
   */
  private readonly linkers = new WeakMap<RecordTable, Linker>();

  constructor() {
    this.ruleSet = parseRuleSet(readFileSync(childRuleSetPath(), 'utf8'), 'matching-rules/child.yaml');
  }

  get ruleSetName(): string {
    return this.ruleSet.name;
  }
  get ruleSetVersion(): string {
    return this.ruleSet.version;
  }
  get thresholds(): { link: number; review: number } {
    return this.ruleSet.thresholds;
  }

  private parameters(json: unknown): TrainedParameters {
    return parseParameters(json, this.ruleSet);
  }

  private linkerFor(records: RecordTable): Linker {
    let linker = this.linkers.get(records);
    if (!linker) {
      linker = new Linker(this.ruleSet, [columnsOf(records)]);
      this.linkers.set(records, linker);
    }
    return linker;
  }

  async train(records: RecordTable): Promise<unknown> {
    // The u sample (1M pairs) and EM samples are compared in worker threads when running from
    // compiled JS (identical parameters to linker.train(), which compares in this thread).
    return trainInWorkers(this.linkerFor(records), { workers: 2 });
  }

  async linkBatch(records: RecordTable, parameters: unknown, constraints: LinkageConstraints): Promise<BatchLinkResult> {
    const timingsMs: Record<string, number> = {};
    let t = performance.now();
    const lap = (name: string): void => {
      const now = performance.now();
      timingsMs[name] = Math.round(now - t);
      t = now;
    };
    const linker = this.linkerFor(records);
    const scorer = linker.useParameters(this.parameters(parameters));
    lap('encode');
    const blocking = linker.blockingCounts();
    const pairs = linker.pairs();
    lap('block');
    const scored = await scorePairs(linker, pairs, { workers: 2 });
    lap('score');
    const clustering = linker.cluster(scored, {
      mustLink: constraints.mustLink,
      mustNotLink: constraints.mustNotLink,
      hardRules: HARD_CANNOT_LINK_RULES,
    });
    lap('cluster');

    const n = records.size;
    const clusterIndex = new Map<number, number>();
    const clusterOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const root = clustering.clusterOf[i] ?? i;
      let c = clusterIndex.get(root);
      if (c === undefined) {
        c = clusterIndex.size;
        clusterIndex.set(root, c);
      }
      clusterOf[i] = c;
    }
    const pairKey = (i: number, j: number): number => (i < j ? i * n + j : j * n + i);
    const separated = new Set(constraints.mustNotLink.map(([i, j]) => pairKey(i, j)));
    const weight = new Float64Array(n).fill(NaN);
    const linkWeight = weightOf(this.ruleSet.thresholds.link);
    const reviewWeight = weightOf(this.ruleSet.thresholds.review);
    const review: ReviewPair[] = [];
    let reviewBand = 0;
    for (let p = 0; p < scored.length; p++) {
      const i = scored.left[p]!;
      const j = scored.right[p]!;
      const w = scored.matchWeight[p]!;
      if (clusterOf[i] === clusterOf[j]) {
        if (!(weight[i]! >= w)) weight[i] = w;
        if (!(weight[j]! >= w)) weight[j] = w;
      } else if (w >= reviewWeight) {
        // A steward sees: pairs in the review band; strong pairs the clustering kept apart because
        // of another record; and strong pairs only the twins rule separates (a badly mistyped
        // forename looks like a twin). Never pairs a steward already separated.
        const rule = linker.cannotLink(i, j);
        const wanted = !separated.has(pairKey(i, j)) && (rule === null || rule === 'twins');
        if (w < linkWeight) reviewBand++;
        if (wanted && review.length < MAX_REVIEW_PAIRS) review.push({ a: i, b: j, probability: 0, weight: w, explanation: null });
      }
    }
    for (const pair of review) {
      const explanation = linker.explain(pair.a, pair.b);
      pair.probability = explanation.probability;
      pair.explanation = explanation;
    }
    const method: LinkMethod[] = new Array<LinkMethod>(n).fill('probabilistic');
    const deterministic = deterministicPairs(this.ruleSet, linker.records, scorer.comparisons);
    for (let p = 0; p < deterministic.length; p++) {
      const i = deterministic.left[p]!;
      const j = deterministic.right[p]!;
      if (clusterOf[i] !== clusterOf[j]) continue;
      method[i] = 'deterministic';
      method[j] = 'deterministic';
    }
    for (const [i, j] of constraints.mustLink) {
      if (clusterOf[i] !== clusterOf[j]) continue;
      method[i] = 'manual';
      method[j] = 'manual';
    }
    const sizes = new Int32Array(clusterIndex.size);
    for (let i = 0; i < n; i++) sizes[clusterOf[i]!]!++;
    const probability = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (sizes[clusterOf[i]!] === 1) method[i] = 'singleton';
      const w = weight[i]!;
      probability[i] = Number.isFinite(w) ? 1 / (1 + 2 ** -w) : NaN;
    }
    lap('summarise');
    const counts: Record<string, number> = {
      blockedPairs: scored.length,
      deterministicPairs: deterministic.length,
      refusedMerges: clustering.refused.length,
      reviewBandPairs: reviewBand,
    };
    for (const rule of blocking) counts[`block_${rule.rule}`] = rule.newPairs ?? rule.candidatePairs;
    return { clusterOf, clusterCount: clusterIndex.size, probability, weight, method, review, counts, timingsMs };
  }

  scoreCandidates(record: RecordTable, at: number, candidates: RecordTable, parameters: unknown): CandidateScore[] {
    if (typeof parameters !== 'object' || parameters === null) throw new Error('linkage parameters missing');
    let matcher = this.matchers.get(parameters);
    if (!matcher) {
      matcher = new IncrementalMatcher(this.ruleSet, this.parameters(parameters));
      this.matchers.set(parameters, matcher);
    }
    const subject = rowOf(record, at);
    const rows = Array.from({ length: candidates.size }, (_, i) => rowOf(candidates, i));
    const bound = matcher;
    return bound.match(subject, rows).map((s) => ({
      candidate: s.candidate,
      probability: s.probability,
      weight: s.matchWeight,
      deterministic: s.deterministic !== null,
      cannotLink: s.cannotLink !== null,
      explain: () => bound.explain(subject, rows[s.candidate] ?? {}),
    }));
  }
}

import type { LinkMethod } from './entities/person-link.entity';
import type { RecordTable } from './record-table';

/**
 * What the person index needs from the linkage core (src/linkage), in the index's own terms:
 * records as a RecordTable, constraints as record-index pairs. The adapter
 * (core-person-linkage.ts) is the only file that knows the core's API.
 */
export interface LinkageConstraints {
  mustLink: ReadonlyArray<readonly [number, number]>;
  mustNotLink: ReadonlyArray<readonly [number, number]>;
}

export interface ReviewPair {
  a: number;
  b: number;
  probability: number;
  weight: number;
  /** Waterfall: per comparison the level hit and its weight. */
  explanation: unknown;
}

export interface BatchLinkResult {
  clusterOf: Int32Array;
  clusterCount: number;
  /** Per record: the strongest pair tying it to its cluster (NaN for a singleton). */
  probability: Float64Array;
  weight: Float64Array;
  method: LinkMethod[];
  /** Pairs in the review band that ended in different clusters. */
  review: ReviewPair[];
  counts: Record<string, number>;
  timingsMs: Record<string, number>;
}

export interface CandidateScore {
  /** Index into the candidates table. */
  candidate: number;
  probability: number;
  weight: number;
  /** A deterministic rule holds (same valid NHS number and compatible birth date, …). */
  deterministic: boolean;
  /** A cannot-link rule holds: never the same person, whatever the score. */
  cannotLink: boolean;
  /** The waterfall, computed on demand (only review items keep one). */
  explain: () => unknown;
}

export interface PersonLinkage {
  readonly ruleSetName: string;
  readonly ruleSetVersion: string;
  readonly thresholds: { link: number; review: number };
  /** Trains without labels (u by sampling, m by EM); the result is plain JSON. */
  train(records: RecordTable): Promise<unknown>;
  linkBatch(records: RecordTable, parameters: unknown, constraints: LinkageConstraints): Promise<BatchLinkResult>;
  /** Scores one record (index `at` of `record`) against candidate records. */
  scoreCandidates(record: RecordTable, at: number, candidates: RecordTable, parameters: unknown): CandidateScore[];
}

export const PERSON_LINKAGE = Symbol('PERSON_LINKAGE');

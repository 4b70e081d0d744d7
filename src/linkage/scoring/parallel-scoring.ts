import { Worker } from 'node:worker_threads';
import type { PairList } from '../blocking/blocking';
import type { Linker } from '../linker';
import type { ScoredPairs } from './pair-scorer';
import type { RuleSet } from '../rule-set/rule-set.types';
import type { EncodedRecords } from '../records/encoded-records';
import type { TrainedParameters } from '../model/parameters';
import { planTraining, type TrainingOptions } from '../training/train';
import { computeLevels } from './comparison-levels';
import { packRecords, SCORE_WORKER_KIND, type ScoreWorkerInit, type ScoreWorkerReply, type ScoreWorkerRequest } from './score-worker';

export interface ScoreOptions {
  /** Worker threads for the comparison phase; 0 compares in this thread. Default: 0. */
  workers?: number;
  /** Pairs per message to a worker. */
  chunkSize?: number;
  /** Called with the number of pairs compared so far. */
  onCompared?: (done: number) => void;
  /** An open pool to use (training and scoring of one run share it); else one is opened per call. */
  pool?: ComparisonPool | null;
}

/** Below this many pairs, starting threads costs more than it saves. */
const MIN_PAIRS_FOR_WORKERS = 200_000;

/** Workers load compiled JS; under ts-node/swc (tests, cli:dev) this file is .ts and they cannot. */
export function workersAvailable(): boolean {
  return __filename.endsWith('.js');
}

/**
 * Scores pairs: comparisons in worker threads over the dictionary-encoded columns when asked
 * and worthwhile, weights (cheap) in this thread. Results are identical to `linker.score`.
 */
export async function scorePairs(linker: Linker, pairs: PairList, options: ScoreOptions = {}): Promise<ScoredPairs> {
  const workers = Math.max(0, Math.floor(options.workers ?? (options.pool ? 1 : 0)));
  const scorer = linker.pairScorer;
  if (workers === 0 || !workersAvailable() || pairs.length < MIN_PAIRS_FOR_WORKERS) {
    const scored = scorer.score(pairs);
    options.onCompared?.(pairs.length);
    return scored;
  }
  const levels = await compareInWorkers(linker, pairs, workers, options);
  return { ...pairs, comparisons: scorer.comparisons.length, levels, matchWeight: scorer.weigh(pairs, levels) };
}

/**
 * Unsupervised training with its comparisons (the u sample and the EM samples) in worker
 * threads; identical results to `linker.train()`, which runs them in this thread.
 */
export async function trainInWorkers(linker: Linker, options: TrainingOptions & ScoreOptions = {}): Promise<TrainedParameters> {
  const plan = planTraining(linker.ruleSet, linker.records, options);
  const workers = Math.max(0, Math.floor(options.workers ?? (options.pool ? 1 : 0)));
  const total = plan.samples.reduce((sum, p) => sum + p.length, 0);
  if (workers === 0 || !workersAvailable() || total < MIN_PAIRS_FOR_WORKERS) {
    return plan.finish(plan.samples.map((p) => computeLevels(plan.comparisons, p.left, p.right)));
  }
  const all: PairList = { left: new Int32Array(total), right: new Int32Array(total), rule: new Uint8Array(total), length: total };
  let at = 0;
  for (const sample of plan.samples) {
    all.left.set(sample.left, at);
    all.right.set(sample.right, at);
    at += sample.length;
  }
  const levels = await compareInWorkers(linker, all, workers, options);
  const C = plan.comparisons.length;
  let from = 0;
  return plan.finish(
    plan.samples.map((sample) => {
      const rows = levels.subarray(from * C, (from + sample.length) * C);
      from += sample.length;
      return rows;
    }),
  );
}

/**
 * Worker threads holding one run's encoded records, reusable for training and scoring so the
 * records are copied to each thread once. Close it when done.
 */
export class ComparisonPool {
  private readonly workers: Worker[];
  private closed = false;

  constructor(
    readonly ruleSet: RuleSet,
    readonly records: EncodedRecords,
    size: number,
  ) {
    // Record ids are not needed to compare; leaving them out keeps the copy to each worker small.
    const init: ScoreWorkerInit = { kind: SCORE_WORKER_KIND, ruleSet, records: packRecords(records) };
    this.workers = Array.from({ length: Math.max(1, size) }, () => new Worker(`${__dirname}/score-worker.js`, { workerData: init }));
  }

  /** A pool when workers are wanted and can run (compiled JS), else null (compare in this thread). */
  static open(linker: Linker, workers: number | undefined): ComparisonPool | null {
    const size = Math.max(0, Math.floor(workers ?? 0));
    return size > 0 && workersAvailable() ? new ComparisonPool(linker.ruleSet, linker.records, size) : null;
  }

  /** Level rows (C per pair) for the pairs, chunks handed to whichever thread is free. */
  async compare(pairs: PairList, options: ScoreOptions = {}): Promise<Uint8Array> {
    if (this.closed) throw new Error('comparison pool is closed');
    const C = this.ruleSet.comparisons.length;
    const levels = new Uint8Array(pairs.length * C);
    const chunkSize = options.chunkSize ?? 100_000;
    const chunks = Math.ceil(pairs.length / chunkSize);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (reply: ScoreWorkerReply): void => {
              levels.set(reply.levels, reply.chunk * chunkSize * C);
              done += reply.levels.length / C;
              options.onCompared?.(done);
              send();
            };
            const onError = (error: Error): void => finish(error);
            const onExit = (code: number): void => finish(new Error(`comparison worker exited with code ${code}`));
            const finish = (error?: Error): void => {
              worker.off('message', onMessage);
              worker.off('error', onError);
              worker.off('exit', onExit);
              if (error) reject(error);
              else resolve();
            };
            const send = (): void => {
              if (next >= chunks) {
                finish();
                return;
              }
              const chunk = next++;
              const from = chunk * chunkSize;
              const to = Math.min(pairs.length, from + chunkSize);
              const request: ScoreWorkerRequest = { chunk, left: pairs.left.slice(from, to), right: pairs.right.slice(from, to) };
              worker.postMessage(request, [request.left.buffer as ArrayBuffer, request.right.buffer as ArrayBuffer]);
            };
            worker.on('message', onMessage);
            worker.on('error', onError);
            worker.on('exit', onExit);
            send();
          }),
      ),
    );
    return levels;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Level rows via a given pool, or a pool opened (and closed) for this call. */
async function compareInWorkers(linker: Linker, pairs: PairList, workers: number, options: ScoreOptions): Promise<Uint8Array> {
  if (options.pool) return options.pool.compare(pairs, options);
  const pool = new ComparisonPool(linker.ruleSet, linker.records, workers);
  try {
    return await pool.compare(pairs, options);
  } finally {
    await pool.close();
  }
}

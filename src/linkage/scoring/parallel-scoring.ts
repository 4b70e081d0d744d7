import { Worker } from 'node:worker_threads';
import type { PairList } from '../blocking/blocking';
import type { Linker } from '../linker';
import type { ScoredPairs } from './pair-scorer';
import type { ScoreWorkerInit, ScoreWorkerReply, ScoreWorkerRequest } from './score-worker';

export interface ScoreOptions {
  /** Worker threads for the comparison phase; 0 compares in this thread. Default: 0. */
  workers?: number;
  /** Pairs per message to a worker. */
  chunkSize?: number;
  /** Called with the number of pairs compared so far. */
  onProgress?: (done: number) => void;
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
  const workers = Math.max(0, Math.floor(options.workers ?? 0));
  const scorer = linker.pairScorer;
  if (workers === 0 || !workersAvailable() || pairs.length < MIN_PAIRS_FOR_WORKERS) {
    const scored = scorer.score(pairs);
    options.onProgress?.(pairs.length);
    return scored;
  }
  const C = scorer.comparisons.length;
  const levels = new Uint8Array(pairs.length * C);
  const chunkSize = options.chunkSize ?? 100_000;
  const chunks = Math.ceil(pairs.length / chunkSize);
  // Record ids are not needed to compare; leaving them out keeps the copy to each worker small.
  const init: ScoreWorkerInit = { ruleSet: linker.ruleSet, records: { ...linker.records, recordIds: [] } };
  const pool = Array.from({ length: workers }, () => new Worker(`${__dirname}/score-worker.js`, { workerData: init }));
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= chunks) {
                resolve();
                return;
              }
              const chunk = next++;
              const from = chunk * chunkSize;
              const to = Math.min(pairs.length, from + chunkSize);
              const request: ScoreWorkerRequest = { chunk, left: pairs.left.slice(from, to), right: pairs.right.slice(from, to) };
              worker.postMessage(request, [request.left.buffer as ArrayBuffer, request.right.buffer as ArrayBuffer]);
            };
            worker.on('message', (reply: ScoreWorkerReply) => {
              levels.set(reply.levels, reply.chunk * chunkSize * C);
              done += reply.levels.length / C;
              options.onProgress?.(done);
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (next < chunks || code !== 0) reject(new Error(`comparison worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { ...pairs, comparisons: C, levels, matchWeight: scorer.weigh(pairs, levels) };
}

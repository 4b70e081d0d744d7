/**
 * Worker-thread entry for the comparison phase. It receives the rule set and the dictionary-
 * encoded records once, then level rows for chunks of pairs. Runs from compiled JS only
 * (dist/src/linkage/scoring/score-worker.js); in-thread scoring covers tests and small runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RuleSet } from '../rule-set/rule-set.types';
import type { EncodedRecords } from '../records/encoded-records';
import { comparisonLevelsFor, computeLevels } from './comparison-levels';

export interface ScoreWorkerInit {
  ruleSet: RuleSet;
  records: EncodedRecords;
}

export interface ScoreWorkerRequest {
  chunk: number;
  left: Int32Array;
  right: Int32Array;
}

export interface ScoreWorkerReply {
  chunk: number;
  levels: Uint8Array;
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as ScoreWorkerInit;
  const comparisons = comparisonLevelsFor(init.ruleSet, init.records);
  port.on('message', (request: ScoreWorkerRequest) => {
    const levels = computeLevels(comparisons, request.left, request.right);
    const reply: ScoreWorkerReply = { chunk: request.chunk, levels };
    port.postMessage(reply, [levels.buffer as ArrayBuffer]);
  });
}

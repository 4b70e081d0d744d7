/**
 * Worker-thread entry for the comparison phase. It receives the rule set and the dictionary-
 * encoded records once, then level rows for chunks of pairs. Runs from compiled JS only
 * (dist/src/linkage/scoring/score-worker.js); in-thread scoring covers tests and small runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RuleSet } from '../rule-set/rule-set.types';
import type { EncodedRecords } from '../records/encoded-records';
import { comparisonLevelsFor, computeLevels } from './comparison-levels';

/** A field's values flattened: structured clone copies one string array far faster than a million small ones. */
export interface PackedField {
  name: string;
  ids: Int32Array;
  flat: string[];
  /** Value v's strings are flat[offsets[v] .. offsets[v + 1]). */
  offsets: Int32Array;
  counts: Int32Array;
  nonNull: number;
}

export const SCORE_WORKER_KIND = 'childlink-score-worker';

export interface ScoreWorkerInit {
  /** Marks this module's own workers: importing it inside some other worker must do nothing. */
  kind: typeof SCORE_WORKER_KIND;
  ruleSet: RuleSet;
  records: Omit<EncodedRecords, 'fields' | 'recordIds'> & { fields: PackedField[] };
}

export function packRecords(records: EncodedRecords): ScoreWorkerInit['records'] {
  const fields = records.fields.map((field): PackedField => {
    const offsets = new Int32Array(field.values.length + 1);
    const flat: string[] = [];
    field.values.forEach((values, v) => {
      offsets[v] = flat.length;
      for (const value of values) flat.push(value);
    });
    offsets[field.values.length] = flat.length;
    return { name: field.name, ids: field.ids, flat, offsets, counts: field.counts, nonNull: field.nonNull };
  });
  return { size: records.size, inputs: records.inputs, inputOf: records.inputOf, fieldIndex: records.fieldIndex, mode: records.mode, fields };
}

function unpackRecords(packed: ScoreWorkerInit['records']): EncodedRecords {
  const fields = packed.fields.map((field) => ({
    name: field.name,
    ids: field.ids,
    counts: field.counts,
    nonNull: field.nonNull,
    values: Array.from({ length: field.offsets.length - 1 }, (_, v) => field.flat.slice(field.offsets[v], field.offsets[v + 1])),
  }));
  return { ...packed, fields, recordIds: [] };
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

const init = workerData as Partial<ScoreWorkerInit> | null;
if (parentPort && init?.kind === SCORE_WORKER_KIND && init.ruleSet && init.records) {
  const port = parentPort;
  const comparisons = comparisonLevelsFor(init.ruleSet, unpackRecords(init.records));
  port.on('message', (request: ScoreWorkerRequest) => {
    const levels = computeLevels(comparisons, request.left, request.right);
    const reply: ScoreWorkerReply = { chunk: request.chunk, levels };
    port.postMessage(reply, [levels.buffer as ArrayBuffer]);
  });
}

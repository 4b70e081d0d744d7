import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  evaluateLinkage,
  Linker,
  parseParameters,
  parseRuleSet,
  probabilityOf,
  scorePairs,
  trainInWorkers,
  ComparisonPool,
  type BlockingRuleCount,
  type ClusteringResult,
  type Evaluation,
  type RuleSet,
  type ScoredPairs,
  type TrainedParameters,
} from '../linkage';
import { readCsvRecords, writeCsv } from './csv-records';

export function loadRuleSet(path: string): RuleSet {
  return parseRuleSet(readFileSync(path, 'utf8'), path);
}

/** Trained parameters live beside the rule set: febrl.yaml → febrl.params.json. */
export function defaultParametersPath(rulesPath: string): string {
  return rulesPath.replace(/\.ya?ml$/i, '') + '.params.json';
}

export function loadParameters(path: string, ruleSet: RuleSet): TrainedParameters {
  return parseParameters(JSON.parse(readFileSync(path, 'utf8')) as unknown, ruleSet);
}

export interface LinkFilesOptions {
  rulesPath: string;
  inputs: string[];
  /** Use saved parameters instead of training on the inputs. */
  parametersPath?: string;
  threshold?: number;
  workers?: number;
  onProgress?: (message: string) => void;
}

export interface LinkFilesRun {
  ruleSet: RuleSet;
  linker: Linker;
  params: TrainedParameters;
  trained: boolean;
  blocking: BlockingRuleCount[];
  scored: ScoredPairs;
  clustering: ClusteringResult;
  threshold: number;
  seconds: { read: number; train: number; block: number; score: number; cluster: number; total: number };
}

/** The whole no-database pipeline: read → block (counts first) → train unless given → score → cluster. */
export async function runLinkFiles(options: LinkFilesOptions): Promise<LinkFilesRun> {
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  let mark = started;
  const lap = (): number => {
    const now = performance.now();
    const s = (now - mark) / 1000;
    mark = now;
    return s;
  };
  const ruleSet = loadRuleSet(options.rulesPath);
  const sources = options.inputs.map((path) => readCsvRecords(path));
  const linker = new Linker(ruleSet, sources);
  progress(`read ${linker.records.size} records from ${sources.length} input(s) (${linker.records.mode})`);
  const read = lap();
  const blocking = linker.blockingCounts();
  for (const count of blocking)
    progress(
      `blocking ${count.rule}: ${count.candidatePairs} pairs in ${count.blocks} blocks${count.skippedBlocks ? `, ${count.skippedBlocks} oversized blocks skipped` : ''}`,
    );
  let params: TrainedParameters;
  const trained = !options.parametersPath;
  // One set of worker threads for training and scoring (null: compare in this thread).
  // Threads pay off from a few hundred thousand records; below that they cost more than they save.
  const workers = options.workers ?? (linker.records.size >= 200_000 ? 2 : 0);
  const pool = ComparisonPool.open(linker, workers);
  try {
    if (options.parametersPath) params = loadParameters(options.parametersPath, ruleSet);
    else params = await trainInWorkers(linker, { workers, pool, onProgress: progress });
    const train = lap();
    linker.useParameters(params);
    const pairs = linker.pairs();
    progress(`comparing ${pairs.length} pairs`);
    const block = lap();
    const scored = await scorePairs(linker, pairs, { workers, pool });
    const score = lap();
    const threshold = options.threshold ?? ruleSet.thresholds.link;
    const clustering = linker.cluster(scored, { threshold });
    await pool?.close();
    const cluster = lap();
    return {
      ruleSet,
      linker,
      params,
      trained,
      blocking,
      scored,
      clustering,
      threshold,
      seconds: { read, train, block, score, cluster, total: (performance.now() - started) / 1000 },
    };
  } finally {
    await pool?.close();
  }
}

/** Writes `input,record_id,cluster_id` for every record; cluster ids are the run's cluster numbers. */
export function writeClusters(path: string, run: LinkFilesRun): number {
  const { records } = run.linker;
  const clusterOf = run.clustering.clusterOf;
  const rows = function* (): Generator<string[]> {
    for (let i = 0; i < records.size; i++)
      yield [records.inputs[records.inputOf[i]!]!.name, records.recordIds[i]!, String(clusterOf[i]!)];
  };
  return writeCsv(path, ['input', 'record_id', 'cluster_id'], rows());
}

/** Writes scored pairs at or above `minProbability`, strongest first. */
export function writePairs(path: string, run: LinkFilesRun, minProbability: number): number {
  const { records } = run.linker;
  const { scored } = run;
  const order: number[] = [];
  for (let p = 0; p < scored.length; p++)
    if (probabilityOf(scored.matchWeight[p]!) >= minProbability) order.push(p);
  order.sort((a, b) => scored.matchWeight[b]! - scored.matchWeight[a]!);
  const name = (i: number): string => records.inputs[records.inputOf[i]!]!.name;
  return writeCsv(
    path,
    ['input_l', 'record_id_l', 'input_r', 'record_id_r', 'match_weight', 'match_probability'],
    order.map((p) => {
      const i = scored.left[p]!;
      const j = scored.right[p]!;
      return [
        name(i),
        records.recordIds[i]!,
        name(j),
        records.recordIds[j]!,
        scored.matchWeight[p]!.toFixed(4),
        probabilityOf(scored.matchWeight[p]!).toFixed(6),
      ];
    }),
  );
}

export function saveParameters(path: string, params: TrainedParameters): void {
  writeFileSync(path, `${JSON.stringify(params, null, 2)}\n`);
}

export interface TruthOptions {
  /** Column of the inputs holding the true entity id. */
  column?: string;
  /** Regular expression whose first group extracts the entity id from that column (e.g. "rec-(\\d+)"). */
  pattern?: string;
  /** CSV with record_id,truth_id (and optionally input) instead of a column. */
  file?: string;
}

/** True entity id per record (null = unknown), from a column (with optional pattern) or a truth file. */
export function truthIds(run: LinkFilesRun, inputs: string[], truth: TruthOptions): Array<string | null> {
  const { records } = run.linker;
  const regex = truth.pattern ? new RegExp(truth.pattern) : null;
  const extract = (value: string | undefined): string | null => {
    if (value === undefined || value === '') return null;
    if (!regex) return value;
    return regex.exec(value)?.[1] ?? null;
  };
  if (truth.file) {
    const source = readCsvRecords(truth.file);
    if (!('columns' in source)) throw new Error('truth file unreadable');
    const ids = source.columns.record_id;
    const entity = source.columns.truth_id;
    const input = source.columns.input;
    if (!ids || !entity)
      throw new Error('truth file needs columns record_id,truth_id (and optionally input)');
    const map = new Map<string, string>();
    ids.forEach((id, k) => map.set(`${input?.[k] ?? ''}\u0001${id ?? ''}`, entity[k] ?? ''));
    return records.recordIds.map((id, i) => {
      const inputName = records.inputs[records.inputOf[i]!]!.name;
      return extract(map.get(`${inputName}\u0001${id}`) ?? map.get(`\u0001${id}`));
    });
  }
  if (!truth.column) throw new Error('give --truth-column or --truth-file');
  const column = truth.column;
  const values: string[] = [];
  for (const path of inputs) {
    const source = readCsvRecords(path);
    if (!('columns' in source) || !source.columns[column])
      throw new Error(`${path} has no column "${column}"`);
    values.push(...source.columns[column].map((v) => v ?? ''));
  }
  return values.map((v) => extract(v));
}

export function evaluateRun(run: LinkFilesRun, truth: Array<string | null>): Evaluation {
  return evaluateLinkage(run.linker.records, truth, run.clustering.clusterOf, run.scored);
}

export function fileExists(path: string): boolean {
  return existsSync(path);
}

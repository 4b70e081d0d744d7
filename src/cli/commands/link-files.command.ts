import type { Command } from 'commander';
import * as io from '../../linkage-io/link-files';
import { note, printResult } from '../output';

interface LinkFilesCliOptions {
  rules: string;
  input: string[];
  out: string;
  pairs?: string;
  threshold?: string;
  params?: string;
  workers?: string;
  json?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerLinkFiles(program: Command): void {
  program
    .command('link-files')
    .description('no database: dedupe one CSV or link two with a rule set; writes input,record_id,cluster_id')
    .requiredOption('--rules <file>', 'rule set (YAML)')
    .requiredOption('--input <file>', 'input CSV (give twice to link two files)', collect, [])
    .requiredOption('--out <file>', 'clusters CSV to write')
    .option('--pairs <file>', 'also write scored pairs at or above the review threshold')
    .option('--threshold <p>', 'link probability threshold (default: the rule set\'s link threshold)')
    .option('--params <file>', 'use saved parameters instead of training on the inputs')
    .option('--workers <n>', 'worker threads for comparisons (default: 0 for small runs)')
    .option('--json', 'print figures as JSON')
    .action(async (options: LinkFilesCliOptions) => {
      if (options.input.length < 1 || options.input.length > 2) throw new Error('give --input once (dedupe) or twice (link)');
      const threshold = options.threshold === undefined ? undefined : Number(options.threshold);
      if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new Error('--threshold must be a probability from 0 to 1');
      const run = await io.runLinkFiles({
        rulesPath: options.rules,
        inputs: options.input,
        parametersPath: options.params,
        threshold,
        workers: options.workers === undefined ? undefined : Number(options.workers),
        onProgress: note,
      });
      io.writeClusters(options.out, run);
      const pairsWritten = options.pairs ? io.writePairs(options.pairs, run, run.ruleSet.thresholds.review) : null;
      const figures = {
        ruleSet: `${run.ruleSet.name}@${run.ruleSet.version}`,
        mode: run.linker.records.mode,
        records: run.linker.records.size,
        pairsCompared: run.scored.length,
        blocking: run.blocking.map((b) => ({ rule: b.rule, candidatePairs: b.candidatePairs, newPairs: b.newPairs ?? null })),
        trained: run.trained,
        prior: run.params.prior,
        threshold: run.threshold,
        clusters: run.clustering.clusters,
        refusedMerges: run.clustering.refused.length,
        pairsWritten,
        seconds: Object.fromEntries(Object.entries(run.seconds).map(([k, v]) => [k, Number(v.toFixed(3))])),
      };
      printResult(
        options.json === true,
        figures,
        `${figures.records} records, ${figures.pairsCompared} pairs compared, ${figures.clusters} clusters (threshold ${run.threshold}) in ${run.seconds.total.toFixed(2)} s → ${options.out}`,
      );
    });
}

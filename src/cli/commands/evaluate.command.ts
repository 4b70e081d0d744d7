import type { Command } from 'commander';
import * as io from '../../linkage-io/link-files';
import { note, printResult } from '../output';

interface EvaluateCliOptions {
  rules: string;
  input: string[];
  params?: string;
  threshold?: string;
  truthColumn?: string;
  truthPattern?: string;
  truthFile?: string;
  json?: boolean;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('link the inputs and report pairwise precision, recall and F1 against a truth column or file')
    .requiredOption('--rules <file>', 'rule set (YAML)')
    .requiredOption('--input <file>', 'input CSV (give twice to link two files)', (v: string, p: string[]) => [...p, v], [])
    .option('--params <file>', 'saved parameters (default: train on the inputs)')
    .option('--threshold <p>', 'link probability threshold for the clusters')
    .option('--truth-column <column>', 'input column holding the true entity id')
    .option('--truth-pattern <regex>', 'regular expression whose first group is the entity id within that column')
    .option('--truth-file <file>', 'CSV with record_id,truth_id (and optionally input)')
    .option('--json', 'print figures as JSON')
    .action(async (options: EvaluateCliOptions) => {
      const threshold = options.threshold === undefined ? undefined : Number(options.threshold);
      const run = await io.runLinkFiles({ rulesPath: options.rules, inputs: options.input, parametersPath: options.params, threshold, onProgress: note });
      const truth = io.truthIds(run, options.input, { column: options.truthColumn, pattern: options.truthPattern, file: options.truthFile });
      const evaluation = io.evaluateRun(run, truth);
      const c = evaluation.clusters;
      const table = evaluation.byThreshold
        .map((r) => `  p≥${r.threshold}: precision ${r.precision.toFixed(4)} recall ${r.recall.toFixed(4)} F1 ${r.f1.toFixed(4)}`)
        .join('\n');
      printResult(
        options.json === true,
        { threshold: run.threshold, ...evaluation, seconds: Number(run.seconds.total.toFixed(3)) },
        `clusters at p≥${run.threshold}: precision ${c.precision.toFixed(4)} recall ${c.recall.toFixed(4)} F1 ${c.f1.toFixed(4)} ` +
          `(${c.truePositives}/${c.truePairs} true pairs; ${evaluation.truePairsNotBlocked} never blocked)\nscored pairs by threshold:\n${table}`,
      );
    });
}

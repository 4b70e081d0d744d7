import type { Command } from 'commander';
import { Linker } from '../../linkage';
import { readCsvRecords } from '../../linkage-io/csv-records';
import * as io from '../../linkage-io/link-files';
import { note, printResult } from '../output';

interface TrainCliOptions {
  rules: string;
  input: string[];
  out?: string;
  json?: boolean;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('estimate m, u and the prior without labels and save them beside the rule set')
    .requiredOption('--rules <file>', 'rule set (YAML)')
    .requiredOption('--input <file>', 'input CSV (give twice for two files to link)', (v: string, p: string[]) => [...p, v], [])
    .option('--out <file>', 'parameters JSON (default: <rules>.params.json beside the rule set)')
    .option('--json', 'print figures as JSON')
    .action((options: TrainCliOptions) => {
      const started = performance.now();
      const ruleSet = io.loadRuleSet(options.rules);
      const linker = new Linker(
        ruleSet,
        options.input.map((path) => readCsvRecords(path)),
      );
      const params = linker.train({ onProgress: note });
      const out = options.out ?? io.defaultParametersPath(options.rules);
      io.saveParameters(out, params);
      const figures = {
        ruleSet: `${ruleSet.name}@${ruleSet.version}`,
        records: linker.records.size,
        prior: params.prior,
        priorSource: params.priorSource,
        uSamplePairs: params.training.uSamplePairs,
        em: params.training.em,
        notEstimated: params.training.notEstimated,
        out,
        seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
      };
      const converged = params.training.em.every((r) => r.converged || r.pairs === 0);
      printResult(options.json === true, figures, `trained ${ruleSet.name}@${ruleSet.version} on ${figures.records} records (EM ${converged ? 'converged' : 'did NOT converge'}) → ${out}`);
    });
}

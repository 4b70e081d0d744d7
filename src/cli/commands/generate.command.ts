import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DirectorySink } from '../../generator/council-sink';
import { checkGenerateOptions, generateCouncil, MAX_CHILDREN } from '../../generator/council-generator';
import { DEFAULT_AS_OF } from '../../generator/generator-config';
import { printResult, progressBar } from '../output';

interface GenerateOptions {
  children: string;
  seed: string;
  out: string;
  asOf: string;
  json?: boolean;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('synthetic council feeds in the canonical schemas, with truth files (deterministic for a seed)')
    .requiredOption('--children <n>', `number of children (1–${MAX_CHILDREN})`)
    .option('--seed <s>', 'seed: the same seed gives the same files, byte for byte', '1')
    .requiredOption('--out <dir>', 'output directory (created; files are overwritten)')
    .option('--as-of <date>', 'reference date (ISO): census and extract date', DEFAULT_AS_OF)
    .option('--json', 'print figures as JSON')
    .action(async (options: GenerateOptions) => {
      if (!/^\d+$/.test(options.children)) throw new Error(`--children must be a whole number (got "${options.children}")`);
      const children = Number(options.children);
      checkGenerateOptions({ children, seed: options.seed, asOf: options.asOf });
      const out = resolve(options.out);
      const bar = progressBar('generate');
      bar.start(children);
      const started = performance.now();
      const summary = await generateCouncil(
        { children, seed: options.seed, asOf: options.asOf, onProgress: (done) => bar.update(done) },
        new DirectorySink(out),
      );
      bar.stop();
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      const personRecords = summary.rows['csc-children'] + summary.rows['education-pupils'] + summary.rows['health-patients'];
      printResult(
        options.json === true,
        { out, seconds, personRecords, ...summary },
        [
          `generated ${summary.children} children in ${summary.families} families (seed ${summary.seed}, as of ${summary.asOf}) in ${seconds}s → ${out}`,
          ...Object.entries(summary.rows).map(([file, rows]) => `  ${file}.csv: ${rows} rows`),
        ].join('\n'),
      );
    });
}

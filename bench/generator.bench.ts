import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectorySink } from '../src/generator/council-sink';
import { generateCouncil } from '../src/generator/council-generator';
import type { Benchmark } from './bench';
import { peakRssMiB, seconds } from './bench';

const CHILDREN = 400_000;

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size;
  }
  return total;
}

/** `childlink generate` at county scale: 400,000 children streamed to disk (target < 60 s, flat memory). */
export const generatorBenchmark: Benchmark = {
  name: 'generate',
  title: 'Synthetic council generator',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'childlink-bench-generate-'));
    try {
      const rssBefore = peakRssMiB();
      const started = performance.now();
      const summary = await generateCouncil({ children: CHILDREN, seed: 'bench' }, new DirectorySink(dir));
      const elapsed = seconds(started);
      const persons =
        summary.rows['csc-children'] + summary.rows['education-pupils'] + summary.rows['health-patients'];
      const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
      return [
        `\`generateCouncil\` with a streaming \`DirectorySink\` (what \`childlink generate --children ${CHILDREN}\` runs), seed \`bench\`, as of ${summary.asOf}.`,
        '',
        '| children | families | person records | payments | rows, all files | MiB written | seconds | peak RSS MiB (before → after) |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|',
        `| ${summary.children} | ${summary.families} | ${persons} | ${summary.rows['finance-payments']} | ${rows} | ${Math.round(bytesUnder(dir) / 2 ** 20)} | ${elapsed} | ${rssBefore} → ${peakRssMiB()} |`,
        '',
        'Target: under 60 s for 400,000 children, memory flat in the child count (rows stream family by family).',
      ].join('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

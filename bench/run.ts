import { fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark } from './bench';
import { BENCHMARKS } from './index';

// Usage: npm run bench [-- NAME ...]. Each benchmark rewrites its own section of BENCHMARKS.md and
// leaves the others as they were, so one can be re-run alone.
const FILE = join(__dirname, '..', '..', 'BENCHMARKS.md');

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

function sections(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(/^(?=## )/m)) {
    const heading = /^## (.+)$/m.exec(part)?.[1];
    if (heading && part.startsWith('## ')) map.set(heading.trim(), part.trimEnd());
  }
  return map;
}

/**
 * Runs one benchmark in a process of its own (its environment, a clean heap, its own peak RSS) and
 * returns its section. The child is this script with --child NAME.
 */
function runInChild(bench: Benchmark): Promise<string> {
  const child = fork(__filename, ['--child', bench.name], {
    env: { ...process.env, ...bench.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let section: string | undefined;
    child.on('message', (message: { section: string }) => {
      section = message.section;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && section !== undefined) resolve(section);
      else reject(new Error(`benchmark ${bench.name} exited with ${code}`));
    });
  });
}

async function runChild(name: string): Promise<void> {
  const bench = BENCHMARKS.find((b) => b.name === name);
  if (!bench || !process.send) throw new Error(`--child ${name}: no such benchmark, or no parent`);
  const section = await bench.run();
  await new Promise<void>((resolve, reject) =>
    process.send?.({ section }, (error: Error | null) => (error ? reject(error) : resolve())),
  );
  // Whatever the benchmark left open (pools, timers) must not keep the parent waiting.
  process.exit(0);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return runChild(process.argv[3] ?? '');
  const wanted = process.argv.slice(2);
  const chosen: Benchmark[] = wanted.length
    ? BENCHMARKS.filter((b) => wanted.includes(b.name))
    : [...BENCHMARKS];
  if (wanted.length && chosen.length !== wanted.length) {
    throw new Error(`unknown benchmark; choose from: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  }
  const read = (): Map<string, string> =>
    existsSync(FILE) ? sections(readFileSync(FILE, 'utf8')) : new Map<string, string>();
  for (const bench of chosen) {
    process.stderr.write(`bench ${bench.name}: running\n`);
    const body = await runInChild(bench);
    const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
    // Re-read just before writing, so sections written meanwhile (another run) are kept.
    const existing = read();
    existing.set(
      bench.title,
      `## ${bench.title}\n\nMeasured ${stamp} UTC on ${machine()}.\n\n${body.trim()}`,
    );
    process.stderr.write(`bench ${bench.name}: done\n`);
    // Written after each benchmark so a later failure keeps the earlier figures.
    const known = new Set(BENCHMARKS.map((b) => b.title));
    const ordered = [
      ...BENCHMARKS.map((b) => existing.get(b.title)),
      ...[...existing].filter(([title]) => !known.has(title)).map(([, text]) => text),
    ].filter((s): s is string => s !== undefined);
    writeFileSync(
      FILE,
      `# Benchmarks\n\nWritten by \`npm run bench\` (bench/); each section says when and on what machine it ran.\n\n${ordered.join('\n\n')}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

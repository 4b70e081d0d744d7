import { SingleBar, Presets } from 'cli-progress';

/** Human progress goes to stderr; `--json` puts one JSON object on the last line of stdout. */
export function printResult(json: boolean, figures: object, human: string): void {
  if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else process.stdout.write(`${human}\n`);
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

export interface Progress {
  start(total: number, label?: string): void;
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; silent otherwise (CI, pipes). */
export function progressBar(label: string): Progress {
  if (!process.stderr.isTTY) {
    return { start: () => undefined, update: () => undefined, increment: () => undefined, stop: () => undefined };
  }
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`, stream: process.stderr },
    Presets.shades_classic,
  );
  return {
    start: (total: number) => bar.start(total, 0),
    update: (done: number) => bar.update(done),
    increment: (by = 1) => bar.increment(by),
    stop: () => bar.stop(),
  };
}

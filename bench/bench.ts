/** One benchmark: measures, then returns a Markdown section for BENCHMARKS.md. */
export interface Benchmark {
  /** Short id used with `npm run bench -- NAME`. */
  name: string;
  /** Section heading in BENCHMARKS.md. */
  title: string;
  run(): Promise<string>;
}

/** Peak resident memory of this process so far, in MiB (Linux ru_maxrss is KiB). */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function seconds(fromMs: number): string {
  return ((performance.now() - fromMs) / 1000).toFixed(2);
}

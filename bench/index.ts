import type { Benchmark } from './bench';
import { generatorBenchmark } from './generator.bench';
import { febrl4Benchmark } from './febrl4.bench';
import { placementsBenchmark } from './placements.bench';
import { ingestBenchmark } from './ingest.bench';

/** Every benchmark, in the order BENCHMARKS.md lists them; one line each. */
export const BENCHMARKS: readonly Benchmark[] = [
  generatorBenchmark,
  febrl4Benchmark,
  placementsBenchmark,
  ingestBenchmark,
];

import type { Benchmark } from './bench';
import { generatorBenchmark } from './generator.bench';
import { demoDataBenchmark } from './demo-data.bench';
import { febrl4Benchmark } from './febrl4.bench';
import { linkageScaleBenchmark } from './linkage-scale.bench';
import { placementsBenchmark } from './placements.bench';
import { ingestBenchmark } from './ingest.bench';
import { personIndexBenchmark, personIndexIncrementalBenchmark } from './person-index.bench';
import { graphqlLoadBenchmark } from './graphql-load.bench';

/** Every benchmark, in the order BENCHMARKS.md lists them; one line each. */
export const BENCHMARKS: readonly Benchmark[] = [
  generatorBenchmark,
  febrl4Benchmark,
  linkageScaleBenchmark,
  placementsBenchmark,
  ingestBenchmark,
  personIndexBenchmark,
  personIndexIncrementalBenchmark,
  graphqlLoadBenchmark,
  demoDataBenchmark,
];

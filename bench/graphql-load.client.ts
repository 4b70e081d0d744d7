import autocannon from 'autocannon';

/**
 * The load generator for graphql-load.bench.ts, run in its own process so that autocannon's work
 * does not share the service's event loop. Receives one job over IPC and answers with every
 * response time, so the parent can take exact percentiles (autocannon's summary has no p95).
 */
export interface LoadJob {
  url: string;
  /** Request bodies; each connection sends them in turn, round robin. */
  bodies: string[];
  headers: Record<string, string>;
  connections: number;
  durationS: number;
}

export interface LoadResult {
  latencies: number[];
  non2xx: number;
  errors: number;
  durationS: number;
}

process.once('message', (job: LoadJob) => {
  const latencies: number[] = [];
  const instance = autocannon(
    {
      url: job.url,
      method: 'POST',
      requests: job.bodies.map((body) => ({ body })),
      headers: { 'content-type': 'application/json', ...job.headers },
      connections: job.connections,
      duration: job.durationS,
      timeout: 10,
    },
    (error, result) => {
      const answer: LoadResult | { error: string } = error
        ? { error: error instanceof Error ? error.message : String(error) }
        : {
            latencies,
            non2xx: result.non2xx,
            errors: result.errors + result.timeouts,
            durationS: result.duration,
          };
      // Disconnect only once the answer is written: a fast run's tens of thousands of latencies
      // are a large message, and disconnecting straight after send() could drop it.
      process.send?.(answer, () => process.disconnect?.());
    },
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
});

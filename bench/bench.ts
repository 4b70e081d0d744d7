import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { removeCluster, startEmbeddedPostgres, type RunningPostgres } from '../src/database/embedded-postgres';

/** One benchmark: measures, then returns a Markdown section for BENCHMARKS.md. */
export interface Benchmark {
  /** Short id used with `npm run bench -- NAME`. */
  name: string;
  /** Section heading in BENCHMARKS.md. */
  title: string;
  /**
   * Environment the benchmark's process starts with (run.ts gives each benchmark a process of its
   * own): what modules read once at load, such as NODE_ENV (graphql-js picks its
   * production code path by it), cannot be set from inside an already loaded process.
   */
  env?: Readonly<Record<string, string>>;
  run(): Promise<string>;
}

/** Peak resident memory of this process so far, in MiB (Linux ru_maxrss is KiB). */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function seconds(fromMs: number): string {
  return ((performance.now() - fromMs) / 1000).toFixed(2);
}

/**
 * A scratch database for one benchmark: in DATABASE_URL's server when set, else a throwaway
 * embedded PostgreSQL (durable as the service runs it, or with fsync off where durability is not
 * what is measured). drop() removes it and the throwaway server.
 */
export async function scratchDatabase(
  label: string,
  durable: boolean,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `childlink_bench_${label}_${process.pid}`;
  const external = process.env.DATABASE_URL;
  let embedded: RunningPostgres | undefined;
  let dir: string | undefined;
  let adminUrl: string;
  if (external) adminUrl = external;
  else {
    dir = mkdtempSync(join(tmpdir(), 'childlink-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: dir, durable });
    adminUrl = embedded.adminUrl;
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      await embedded?.stop();
      if (dir) removeCluster(dir);
    },
  };
}

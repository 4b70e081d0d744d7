import { NestFactory } from '@nestjs/core';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { DEMO_DATA_LOADER, type DemoDataLoader } from '../src/health/demo-data-loader';
import { DemoDataStatus } from '../src/health/demo-data-status';
import type { Benchmark } from './bench';
import { peakRssMiB, seconds } from './bench';

const CHILDREN = 2000;

/**
 * What `npm start` does on a fresh machine after it answers: the demo loader on an empty embedded
 * database (a scratch DATA_DIR) — generate, ingest six feeds, link the person index, link payments.
 */
export const demoDataBenchmark: Benchmark = {
  name: 'demo-data',
  title: 'Demo data set on first start (2,000 children)',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'childlink-bench-demo-'));
    // mkdtemp makes it private; the embedded server runs initdb as its own user, which must enter it.
    chmodSync(dataDir, 0o755);
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO_CHILDREN: '0',
      JWT_SECRET: 'bench-secret-not-for-production',
      PSEUDONYM_KEY: 'bench-pseudonym-key',
    });
    const bootStarted = performance.now();
    const app = await NestFactory.createApplicationContext(AppModule.register(config), {
      logger: ['error', 'warn'],
    });
    const boot = seconds(bootStarted);
    try {
      const status = new DemoDataStatus();
      const started = performance.now();
      await app.get<DemoDataLoader>(DEMO_DATA_LOADER).loadIfEmpty(CHILDREN, status);
      const load = seconds(started);
      return [
        'A scratch embedded PostgreSQL started as the service starts it, the whole application context, then',
        '`DemoDataLoader.loadIfEmpty` as `serve` calls it after listening.',
        '',
        '| children | boot incl. initdb + migrations, s | demo load, s | outcome | peak RSS MiB |',
        '|---:|---:|---:|---|---:|',
        `| ${CHILDREN} | ${boot} | ${load} | ${status.state}: ${status.detail} | ${peakRssMiB()} |`,
        '',
        'Target: well under a minute for 2,000 children; the service answers /health throughout (the load runs in the background).',
      ].join('\n');
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

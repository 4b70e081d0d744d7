import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { IngestService } from '../feeds/ingest.service';
import { DirectorySink } from '../generator/council-sink';
import { generateCouncil } from '../generator/council-generator';
import type { FeedName } from '../generator/model';
import type { DemoDataLoader } from '../health/demo-data-loader';
import type { DemoDataStatus } from '../health/demo-data-status';
import { LinkService } from '../person-index/link.service';
import { PaymentLinkingService } from '../placements/payment-linking.service';

/** The demo council is always the same families; only its as-of date follows the calendar. */
export const DEMO_SEED = 'childlink-demo';

/** Children before placements (placements name the child), payments after placements. */
const LOAD_ORDER: readonly FeedName[] = [
  'csc-children',
  'csc-placements',
  'education-pupils',
  'health-patients',
  'finance-payments',
  'consents',
];

/** Held while loading, so two instances starting on one empty database do not both load. */
const LOCK = `hashtext('childlink:demo-data')`;

export interface DemoLoadResult {
  loaded: boolean;
  detail: string;
}

/**
 * Fills an empty database with a generated council so `npm start` shows something real: generate
 * into a temporary directory, ingest every feed through the feed IngestService (the same path a
 * council's files take), link the person index, then link payments to placements. A database that
 * already holds any source record is left alone.
 */
@Injectable()
export class DemoDataService implements DemoDataLoader {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(LinkService) private readonly linker: LinkService,
    @Optional() @Inject(PaymentLinkingService) private readonly payments?: PaymentLinkingService,
  ) {}

  async loadIfEmpty(children: number, status: DemoDataStatus): Promise<void> {
    try {
      const result = await this.load(children, status);
      status.state = result.loaded ? 'ready' : 'present';
      status.detail = result.detail;
    } catch (error) {
      status.state = 'failed';
      status.detail = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  private async load(children: number, status: DemoDataStatus): Promise<DemoLoadResult> {
    if (await this.hasSourceRecords()) return { loaded: false, detail: 'the database already holds data; demo data not loaded' };
    // A session-level advisory lock on a connection of our own, held for the whole load.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [lock] = (await runner.query(`select pg_try_advisory_lock(${LOCK}) as acquired`)) as Array<{ acquired: boolean }>;
      if (!lock?.acquired) return { loaded: false, detail: 'another instance is loading demo data' };
      try {
        if (await this.hasSourceRecords()) return { loaded: false, detail: 'the database already holds data; demo data not loaded' };
        status.state = 'loading';
        status.detail = `generating ${children} children`;
        return await this.generateAndLoad(children, status);
      } finally {
        await runner.query(`select pg_advisory_unlock(${LOCK})`);
      }
    } finally {
      await runner.release();
    }
  }

  private async hasSourceRecords(): Promise<boolean> {
    const [row] = await this.dataSource.query<Array<{ present: boolean }>>(`select exists (select 1 from source_record) as present`);
    return row?.present === true;
  }

  private async generateAndLoad(children: number, status: DemoDataStatus): Promise<DemoLoadResult> {
    const started = performance.now();
    const directory = await mkdtemp(join(tmpdir(), 'childlink-demo-'));
    try {
      // As of today, so ages and open placements are current and no date is in the future.
      const asOf = new Date().toISOString().slice(0, 10);
      await generateCouncil({ children, seed: DEMO_SEED, asOf }, new DirectorySink(directory));
      let accepted = 0;
      let rejected = 0;
      for (const feed of LOAD_ORDER) {
        status.detail = `loading ${feed}`;
        const summary = await this.ingest.ingestFile(feed, DirectorySink.pathOf(directory, feed));
        if (summary.status !== 'completed') throw new Error(`demo data: loading ${feed} failed: ${summary.error ?? 'unknown error'}`);
        accepted += summary.accepted;
        rejected += summary.rejected;
      }
      status.detail = 'linking the person index';
      const linked = await this.linker.link();
      let paymentsLinked = 'payment linking not available';
      if (this.payments) {
        status.detail = 'linking payments to placements';
        const { run } = await this.payments.refreshAndLink();
        paymentsLinked = `${run.payments - run.unmatched} of ${run.payments} payments linked`;
      }
      // The service reads these tables at once: planner statistics now, not whenever autovacuum
      // next gets to them (without them the combined record's read was planned with scans, 3x slower).
      status.detail = 'analysing';
      await this.dataSource.query('analyze');
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const detail =
        `${children} children: ${accepted} records accepted, ${rejected} rejected; ` +
        `${linked.persons} persons; ${paymentsLinked}; ${seconds}s`;
      // Counts only: never record contents in logs.
      this.logger.log(`demo data loaded: ${detail}`);
      return { loaded: true, detail };
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }
}

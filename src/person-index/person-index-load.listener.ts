import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { LoadEvents } from '../feeds/load-events';
import type { LoadSummary } from '../feeds/load-summary';
import { IncrementalMatchService } from './incremental-match.service';

/**
 * After a feed load commits, matches its new and changed person records against the index
 * (attach, review or new person) — when the index is already built. Before the first `link`, or
 * for a load too big to match record by record, it leaves the work to the next `link` run.
 */
@Injectable()
export class PersonIndexLoadListener implements OnModuleInit {
  private readonly logger = new Logger('PersonIndex');

  constructor(
    @Inject(LoadEvents) private readonly loadEvents: LoadEvents,
    @Inject(IncrementalMatchService) private readonly incremental: IncrementalMatchService,
  ) {}

  onModuleInit(): void {
    this.loadEvents.onLoaded((summary) => this.onLoaded(summary));
  }

  async onLoaded(summary: LoadSummary): Promise<void> {
    const result = await this.incremental.matchLoad(summary.loadId, summary.feed);
    if (result.skipped) {
      this.logger.log(`load ${summary.loadId}: ${result.records} records left for the next link run (${result.skipped})`);
    } else {
      this.logger.log(`load ${summary.loadId}: matched ${result.records} records: ${JSON.stringify(result.counts)}`);
    }
  }
}

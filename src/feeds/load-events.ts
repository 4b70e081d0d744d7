/**
 * In-process notification that a feed load has committed, so other modules (the person index's
 * incremental match, placements' refresh, consent sync) can react to new and changed records
 * without feeds importing them — the arrow points from them to feeds, never back.
 *
 *   constructor(loadEvents: LoadEvents) {
 *     loadEvents.onLoaded(async (summary) => {
 *       // new and changed versions of this load:
 *       //   select id from source_record where load_id = $1   (summary.loadId)
 *     });
 *   }
 *
 * Listeners run after the load's transaction has committed, one after another, awaited by
 * IngestService.ingestFile (so a CLI ingest finishes its follow-up work before it exits). A
 * listener that throws is logged (load id and error only) and does not undo or fail the load:
 * the records are already durable, and the follow-up can be re-run from the load id. Only
 * completed loads that wrote at least one new or changed version are announced.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { LoadSummary } from './load-summary';

export type LoadListener = (summary: LoadSummary) => Promise<void>;

@Injectable()
export class LoadEvents {
  private readonly logger = new Logger(LoadEvents.name);
  private readonly listeners: LoadListener[] = [];

  /** Registers a listener; returns a function that removes it. */
  onLoaded(listener: LoadListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** Called by IngestService after commit. Returns how many listeners failed. */
  async emit(summary: LoadSummary): Promise<number> {
    let failed = 0;
    for (const listener of [...this.listeners]) {
      try {
        await listener(summary);
      } catch (error) {
        failed++;
        // No record contents: the load id and the error's message only.
        this.logger.error(
          `load ${summary.loadId}: listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return failed;
  }
}

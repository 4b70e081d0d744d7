import type { Command } from 'commander';
import { IngestService } from '../../feeds/ingest.service';
import { withAppContext } from '../app-context';
import { note, printResult, progressBar } from '../output';

interface IngestCliOptions {
  feed: string;
  file: string;
  mapping?: string;
  format?: string;
  json?: boolean;
}

/**
 * `childlink ingest --feed FEED --file PATH [--mapping FILE] [--format csv|jsonl] [--json]`:
 * loads one feed file and reports read / accepted / rejected / unchanged. A refused or failed
 * load is reported (exit code 1), never a crash; its load record says why.
 */
export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('load a feed file; reports read / accepted / rejected / unchanged')
    .requiredOption(
      '--feed <feed>',
      'csc-children, csc-placements, education-pupils, health-patients, finance-payments or consents',
    )
    .requiredOption('--file <path>', 'CSV (header row) or JSON lines (.jsonl/.ndjson) file')
    .option('--mapping <file>', "a council's column mapping (matching-rules/feeds/*.yaml)")
    .option('--format <format>', 'csv or jsonl (default: from the mapping, else the extension)')
    .option('--json', 'print figures as JSON')
    .action(async (options: IngestCliOptions) => {
      if (options.format !== undefined && options.format !== 'csv' && options.format !== 'jsonl') {
        throw new Error(`--format must be csv or jsonl, not "${options.format}"`);
      }
      const format = options.format;
      const summary = await withAppContext(async (app) => {
        const bar = progressBar(`ingest ${options.feed}`);
        let started = false;
        try {
          return await app.get(IngestService).ingestFile(options.feed, options.file, {
            mapping: options.mapping,
            format,
            onProgress: (done, total) => {
              if (!started) {
                bar.start(total);
                started = true;
              }
              bar.update(done);
            },
          });
        } finally {
          if (started) bar.stop();
        }
      });
      for (const warning of summary.warnings) note(`warning: ${warning}`);
      const human =
        summary.status === 'completed'
          ? `load ${summary.loadId} (${summary.feed}, ${summary.fileName}): read ${summary.read}, accepted ${summary.accepted} ` +
            `(${summary.newRecords} new, ${summary.changedRecords} changed), rejected ${summary.rejected}, unchanged ${summary.unchanged}` +
            (summary.rejected
              ? `; rejected rows and their reasons are in quarantine for load ${summary.loadId}`
              : '')
          : `load ${summary.loadId} (${summary.feed}, ${summary.fileName}) failed: ${summary.error ?? 'unknown error'}`;
      printResult(options.json === true, summary, human);
      if (summary.status !== 'completed') process.exitCode = 1;
    });
}

import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { withAppContext } from '../app-context';
import { note, printResult } from '../output';
import { PaymentLinkingService } from '../../placements/payment-linking.service';
import { PaymentExportService } from '../../placements/payment-export.service';
import { auditExport } from '../audit-export';

/**
 * `childlink export payments --out FILE`. Links first (refresh from the current feeds, then every
 * linking method; manual decisions are obeyed), so the export always reflects the loaded data;
 * `--no-link` writes the stored links as they are.
 */
export function registerExportPayments(program: Command): void {
  // Hangs under the shared `export` command (the same hook export.command.ts uses), whichever registers first.
  const exportCommand =
    program.commands.find((c) => c.name() === 'export') ??
    program.command('export').description('write CSV exports of the index (persons, payments)');
  exportCommand
    .command('payments')
    .description('CSV payment_id,placement_id,method,confidence for every payment (blank when unlinked)')
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--no-link', 'export the stored links without re-running payment linking')
    .option('--json', 'print figures as JSON')
    .action(async (options: { out: string; link: boolean; json?: boolean }) => {
      const figures = await withAppContext(async (app) => {
        let run: Awaited<ReturnType<PaymentLinkingService['refreshAndLink']>>['run'] | null = null;
        if (options.link) {
          note('export payments: linking payments to placements');
          run = (await app.get(PaymentLinkingService).refreshAndLink()).run;
        }
        const counts = await app.get(PaymentExportService).exportPayments(createWriteStream(options.out));
        await auditExport(app, `export payments (${counts.rows} payments)`, ['payment_id', 'placement_id', 'method', 'confidence']);
        return { file: options.out, ...counts, ...(run ? { linkRun: run } : {}) };
      });
      printResult(
        options.json === true,
        figures,
        `wrote ${figures.rows} payments to ${figures.file}: ${figures.linked} linked, ${figures.unlinked} unlinked`,
      );
    });
}

import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { withAppContext } from '../app-context';
import { printResult } from '../output';
import { PersonExportService } from '../../person-index/person-export.service';
import { exportCommandOf } from './export.command';
import { auditExport } from '../audit-export';

export function registerExportPersons(program: Command): void {
  exportCommandOf(program)
    .command('persons')
    .description('CSV feed,source_id,person_id for every active source record of the person feeds')
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--json', 'print figures as JSON')
    .action(async (options: { out: string; json?: boolean }) => {
      const started = performance.now();
      const counts = await withAppContext(async (app) => {
        const exported = await app.get(PersonExportService).exportPersons(createWriteStream(options.out));
        await auditExport(app, `export persons (${exported.rows} records)`, ['feed', 'source_id', 'person_id']);
        return exported;
      });
      const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
      printResult(
        options.json === true,
        { out: options.out, rows: counts.rows, unlinked: counts.unlinked, seconds },
        `wrote ${counts.rows} records to ${options.out}${counts.unlinked ? ` (${counts.unlinked} not linked yet: run link)` : ''}`,
      );
    });
}

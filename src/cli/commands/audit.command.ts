import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/app-config';
import { DatabaseServer } from '../../database/database-server';
import { dataSourceOptions } from '../../database/data-source-options';
import { AuditService } from '../../access/audit/audit.service';
import { auditKey } from '../../access/audit/audit-chain';
import { printResult } from '../output';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the access audit');
  audit
    .command('verify')
    .description("recompute the access audit's hash chain; exit code 1 when it does not verify")
    .option('--json', 'print {"ok": true|false, …} as the last line of stdout')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      // The same key the service chains with (AUDIT_KEY, or the dev key in DATA_DIR).
      const key = auditKey(config);
      const server = await DatabaseServer.open(config);
      const dataSource = new DataSource(dataSourceOptions(server.url, { migrationsRun: true }));
      try {
        await dataSource.initialize();
        const result = await new AuditService(dataSource, key).verify();
        printResult(
          options.json === true,
          result,
          result.ok
            ? `audit verified: ${result.rows} rows, chain intact`
            : `audit FAILED at row ${result.firstBadId}: ${result.reason} (${result.rows} rows read)`,
        );
        if (!result.ok) process.exitCode = 1;
      } finally {
        if (dataSource.isInitialized) await dataSource.destroy();
        await server.close();
      }
    });
}

import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/app-config';
import { DatabaseServer } from '../../database/database-server';
import { dataSourceOptions } from '../../database/data-source-options';
import { printResult } from '../output';

export function registerDbMigrate(program: Command): void {
  program
    .command('db:migrate')
    .description('apply migrations to DATABASE_URL (or the embedded database)')
    .option('--json', 'print figures as JSON')
    .action(async (options: { json?: boolean }) => {
      const server = await DatabaseServer.open(loadConfig());
      const dataSource = new DataSource(dataSourceOptions(server.url));
      try {
        await dataSource.initialize();
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        printResult(
          options.json === true,
          { applied: applied.map((m) => m.name) },
          applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'database is up to date',
        );
      } finally {
        if (dataSource.isInitialized) await dataSource.destroy();
        await server.close();
      }
    });
}

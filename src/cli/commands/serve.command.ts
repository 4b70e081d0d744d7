import type { Command } from 'commander';
import { Logger } from '@nestjs/common';
import { AppModule } from '../../app.module';
import { createHttpApplication } from '../../http/http-application';
import { loadConfig } from '../../config/app-config';
import { DemoDataStatus } from '../../health/demo-data-status';
import { DEMO_DATA_LOADER, type DemoDataLoader } from '../../health/demo-data-loader';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('database up (embedded by default), migrations, demo data when empty, GraphQL on PORT')
    .action(async () => {
      const config = loadConfig();
      const app = await createHttpApplication(AppModule.register(config), {
        logger: ['error', 'warn', 'log'].concat(config.logLevel === 'debug' ? ['debug'] : []) as never,
        abortOnError: false,
      });
      const logger = new Logger('childlink');
      let closing = false;
      const shutdown = (signal: string): void => {
        if (closing) return;
        closing = true;
        logger.log(`${signal}: shutting down`);
        app.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      await app.listen(config.port, '0.0.0.0');
      logger.log(`GraphQL on http://localhost:${config.port}/graphql, health on /health`);
      // Demo data loads in the background so the service answers at once.
      const status = app.get(DemoDataStatus);
      let loader: DemoDataLoader | undefined;
      try {
        loader = app.get<DemoDataLoader>(DEMO_DATA_LOADER, { strict: false });
      } catch {
        loader = undefined; // no feature module provides demo data
      }
      if (loader && config.demoChildren > 0) {
        loader.loadIfEmpty(config.demoChildren, status).catch((error: unknown) => {
          status.state = 'failed';
          status.detail = error instanceof Error ? error.message : String(error);
          logger.error(`demo data failed: ${status.detail}`);
        });
      }
    });
}

import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';

/**
 * Where the service's database lives: DATABASE_URL when set, else an embedded PostgreSQL in
 * `${DATA_DIR}/postgres` that starts and stops with the process.
 */
export class DatabaseServer {
  private embedded: RunningPostgres | undefined;
  private constructor(readonly url: string) {}

  static async open(config: AppConfig): Promise<DatabaseServer> {
    if (config.databaseUrl) return new DatabaseServer(config.databaseUrl);
    const logger = new Logger('EmbeddedPostgres');
    const dataDir = join(config.dataDir, 'postgres');
    const started = Date.now();
    const embedded = await startEmbeddedPostgres({ dataDir, durable: true });
    await embedded.createDatabase('childlink');
    logger.log(
      `embedded PostgreSQL up on 127.0.0.1:${embedded.port} in ${Date.now() - started} ms (${dataDir})`,
    );
    const server = new DatabaseServer(embedded.urlFor('childlink'));
    server.embedded = embedded;
    return server;
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async close(): Promise<void> {
    const embedded = this.embedded;
    this.embedded = undefined;
    await embedded?.stop();
  }
}

import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

// Compiled: dist/src/database -> dist/migrations; under Jest: src/database -> migrations (ts).
const ROOT = join(__dirname, '..', '..');

/** Every entity file is picked up by name, so a new module needs no registration here. */
export const ENTITY_GLOB = join(ROOT, 'src', '**', '*.entity.{js,ts}');
export const MIGRATION_GLOB = join(ROOT, 'migrations', '*.{js,ts}');

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [ENTITY_GLOB],
    migrations: [MIGRATION_GLOB],
    migrationsTableName: 'schema_migration',
    synchronize: false,
    // Off: a failed query's log line would carry its parameters, which can be personal data.
    logging: false,
    extra: { max: 10, application_name: 'childlink' },
    ...extra,
  } as DataSourceOptions;
}

import { Module, type DynamicModule, type OnApplicationShutdown, Inject, Global } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseServer } from './database-server';
import { dataSourceOptions } from './data-source-options';

/** Owns the database server (embedded or external) and the config; global so every module sees both. */
@Global()
@Module({})
export class DatabaseServerModule implements OnApplicationShutdown {
  constructor(@Inject(DatabaseServer) private readonly server: DatabaseServer) {}

  static register(config: AppConfig): DynamicModule {
    return {
      module: DatabaseServerModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DatabaseServer, useFactory: () => DatabaseServer.open(config) },
      ],
      exports: [DatabaseServer, APP_CONFIG],
    };
  }

  // Nest shuts modules down after TypeORM has closed its pool, so the server stops last.
  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}

@Module({})
export class DatabaseModule {
  static register(config: AppConfig): DynamicModule {
    const serverModule = DatabaseServerModule.register(config);
    return {
      module: DatabaseModule,
      imports: [
        serverModule,
        TypeOrmModule.forRootAsync({
          imports: [serverModule],
          inject: [DatabaseServer],
          useFactory: (server: DatabaseServer) => dataSourceOptions(server.url, { migrationsRun: true }),
        }),
      ],
      exports: [serverModule],
    };
  }
}

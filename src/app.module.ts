import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AccessModule } from './access/access.module';
import { PersonIndexModule } from './person-index/person-index.module';
import { ViewsModule } from './views/views.module';
import { PlacementsModule } from './placements/placements.module';
import { FeedsModule } from './feeds/feeds.module';
import { DemoModule } from './demo/demo.module';
import { graphqlAccessOptions } from './access/hardening/graphql-options';

/**
 * The whole service. Feature modules are listed here; each owns its entities, services and
 * resolvers. Resolvers stay thin: rules live in services, SQL in repositories.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.register(config),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          ...graphqlAccessOptions(config),
        }),
        HealthModule,
        AccessModule,
        PersonIndexModule,
        ViewsModule,
        PlacementsModule,
        FeedsModule,
        DemoModule,
      ],
    };
  }
}

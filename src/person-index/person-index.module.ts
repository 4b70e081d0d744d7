import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PersonIndexExceptionFilter } from './person-index-exception.filter';
import { PersonIndexRepository } from './person-index.repository';
import { PersonQueryService } from './person-query.service';
import { PersonStewardService } from './person-steward.service';
import { PersonIndexResolver } from './graphql/person-index.resolver';
import { LinkService } from './link.service';
import { IncrementalMatchService } from './incremental-match.service';
import { PersonExportService } from './person-export.service';
import { CorePersonLinkage } from './core-person-linkage';
import { PERSON_LINKAGE } from './person-linkage';
import { PersonIndexLoadListener } from './person-index-load.listener';
import { FeedsModule } from '../feeds/feeds.module';

/** The golden person index: linking, stable ids, overrides, review, survivorship, history. */
@Module({
  imports: [FeedsModule],
  providers: [
    { provide: APP_FILTER, useClass: PersonIndexExceptionFilter },
    PersonIndexLoadListener,
    PersonIndexRepository,
    PersonQueryService,
    PersonStewardService,
    PersonIndexResolver,
    LinkService,
    IncrementalMatchService,
    PersonExportService,
    { provide: PERSON_LINKAGE, useClass: CorePersonLinkage },
  ],
  exports: [
    PersonQueryService,
    PersonStewardService,
    LinkService,
    IncrementalMatchService,
    PersonExportService,
  ],
})
export class PersonIndexModule {}

import { Module } from '@nestjs/common';
import { PersonIndexRepository } from './person-index.repository';
import { PersonQueryService } from './person-query.service';
import { PersonStewardService } from './person-steward.service';
import { PersonIndexResolver } from './graphql/person-index.resolver';

/** The golden person index: linking, stable ids, overrides, review, survivorship, history. */
@Module({
  providers: [PersonIndexRepository, PersonQueryService, PersonStewardService, PersonIndexResolver],
  exports: [PersonQueryService, PersonStewardService],
})
export class PersonIndexModule {}

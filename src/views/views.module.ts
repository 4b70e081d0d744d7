import { Module } from '@nestjs/common';
import { PersonIndexModule } from '../person-index/person-index.module';
import { PlacementsModule } from '../placements/placements.module';
import { ChildLoaderFactory } from './child-loaders';
import { ChildPopulationRepository } from './child-population.repository';
import { CombinedRecordService } from './combined-record.service';
import { CombinedRecordResolver } from './combined-record.resolver';
import { ConsentViewService } from './consent-view.service';
import { ConsentResolver } from './consent.resolver';
import { FinanceViewService } from './finance-view.service';
import { FinanceViewResolver } from './finance-view.resolver';
import { FinanceCostsService } from './finance-costs.service';
import { FinanceCostsResolver } from './finance-costs.resolver';
import { CohortService } from './cohort.service';
import { PseudonymisedService } from './pseudonymised.service';
import { PseudonymisedResolver } from './pseudonymised.resolver';

/**
 * The role views over the person index and placements. Every object they return is built by the
 * access policy and every read is audited (src/access).
 */
@Module({
  imports: [PersonIndexModule, PlacementsModule],
  providers: [
    ChildLoaderFactory,
    ChildPopulationRepository,
    CombinedRecordService,
    CombinedRecordResolver,
    ConsentViewService,
    ConsentResolver,
    FinanceViewService,
    FinanceViewResolver,
    FinanceCostsService,
    FinanceCostsResolver,
    CohortService,
    PseudonymisedService,
    PseudonymisedResolver,
  ],
})
export class ViewsModule {}

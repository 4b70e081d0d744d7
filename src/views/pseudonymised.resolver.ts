import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../access/auth-context';
import { Authorized, CurrentAuth } from '../access/authorized.decorator';
import { PseudonymisedService } from './pseudonymised.service';
import { PseudonymisedPageModel } from './pseudonymised.model';
import { CohortService } from './cohort.service';
import { CohortInput, CohortResultModel } from './cohort.model';
import { AuditedByService } from '../access/audit/audit.interceptor';

const perRow = ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }): number =>
  (args.first ?? 50) * childComplexity;

@Resolver(() => PseudonymisedPageModel)
@AuditedByService()
export class PseudonymisedResolver {
  constructor(
    @Inject(PseudonymisedService) private readonly pseudonymised: PseudonymisedService,
    @Inject(CohortService) private readonly cohorts: CohortService,
  ) {}

  @Authorized('icb_partner', 'analyst', 'data_steward')
  @Query(() => CohortResultModel, { description: 'a cohort table with small numbers suppressed' })
  cohort(@CurrentAuth() auth: AuthContext, @Args('input') input: CohortInput): Promise<CohortResultModel> {
    return this.cohorts.cohort(auth, input);
  }

  @Authorized('icb_partner')
  @Query(() => PseudonymisedPageModel, {
    description: 'pseudonymised rows under your sharing agreement, consented children only',
    complexity: perRow,
  })
  sharedPseudonymisedRows(
    @CurrentAuth() auth: AuthContext,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<PseudonymisedPageModel> {
    return this.pseudonymised.page(auth, first, after ?? null);
  }

  @Authorized('analyst', 'data_steward')
  @Query(() => PseudonymisedPageModel, {
    description: 'pseudonymised person-level rows with full costs',
    complexity: perRow,
  })
  analystRows(
    @CurrentAuth() auth: AuthContext,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<PseudonymisedPageModel> {
    return this.pseudonymised.page(auth, first, after ?? null);
  }
}

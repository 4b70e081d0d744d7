import { Inject } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../access/auth-context';
import { AuditedByService } from '../access/audit/audit.interceptor';
import { Authorized, CurrentAuth } from '../access/authorized.decorator';
import { PersonCostSummaryModel, PlacementCostModel } from '../placements/placement-cost.model';
import { toPlacementCostModel, toYearModel } from '../placements/placement-cost.resolver';
import { FinanceCostsService } from './finance-costs.service';

/** Finance's per-placement and per-child costs (record access and the audit row in the service). */
@Resolver()
@AuditedByService()
export class FinanceCostsResolver {
  constructor(@Inject(FinanceCostsService) private readonly costs: FinanceCostsService) {}

  @Authorized('finance')
  @Query(() => [PlacementCostModel], {
    description:
      'cost of each placement as of a date (default today); placements of children you may not open are left out',
  })
  async placementCosts(
    @CurrentAuth() auth: AuthContext,
    @Args('placementIds', { type: () => [ID] }) placementIds: string[],
    @Args('asOf', { type: () => String, nullable: true, description: 'YYYY-MM-DD' }) asOf?: string,
  ): Promise<PlacementCostModel[]> {
    return (await this.costs.placementCosts(auth, placementIds, asOf)).map(toPlacementCostModel);
  }

  @Authorized('finance')
  @Query(() => PersonCostSummaryModel, {
    description: "a child's placement costs: paid, committed, by financial year",
  })
  async personCosts(
    @CurrentAuth() auth: AuthContext,
    @Args('personId', { type: () => ID }) personId: string,
    @Args('asOf', { type: () => String, nullable: true, description: 'YYYY-MM-DD' }) asOf?: string,
  ): Promise<PersonCostSummaryModel> {
    const summary = await this.costs.personCosts(auth, personId, asOf);
    return {
      personId: summary.personId,
      placements: summary.placements,
      paidToDateGbp: summary.paidToDate,
      committedToYearEndGbp: summary.committedToYearEnd,
      byFinancialYear: summary.byFinancialYear.map(toYearModel),
      placementCosts: summary.placementCosts.map(toPlacementCostModel),
    };
  }
}

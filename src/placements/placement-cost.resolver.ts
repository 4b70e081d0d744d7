import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../access/auth-context';
import { Authorized, CurrentAuth } from '../access/authorized.decorator';
import { CONFIDENCE_METHOD, CostAnalysisService, type CostDimension } from './cost-analysis.service';
import { CostAnomalyKindEnum, CostDimensionEnum, PlacementGroupEnum } from './placement-enums';
import {
  CostAnalysisModel,
  CostAnomalyPageModel,
  FinancialYearCostModel,
  PlacementCostModel,
} from './placement-cost.model';
import {
  COST_ANOMALY_KINDS,
  PlacementCostService,
  type CostAnomalyKind,
  type FinancialYearAmount,
  type PlacementCost,
} from './placement-cost.service';
import { asOfDate } from './placements.exception';
import type { PlacementGroup } from './placement-types';
import { Audited } from '../access/audit/audit.interceptor';

export function toYearModel(y: FinancialYearAmount): FinancialYearCostModel {
  return { startYear: y.startYear, label: y.label, days: y.days, amountGbp: y.amount };
}

export function toPlacementCostModel(c: PlacementCost): PlacementCostModel {
  return {
    placementId: c.placementId,
    placementGroup: c.placementGroup,
    startDate: c.startDate,
    endDate: c.endDate,
    open: c.open,
    paidToDateGbp: c.paidToDate,
    payments: c.payments,
    weeklyRateGbp: c.weeklyRate,
    days: c.days,
    paidThrough: c.paidThrough,
    committedDays: c.committedDays,
    committedToYearEndGbp: c.committedToYearEnd,
    highCost: c.highCost,
    byFinancialYear: c.byFinancialYear.map(toYearModel),
  };
}

const anomalyKey = (a: { kind: CostAnomalyKind; placementId: string; paymentIds: string[] }): string =>
  `${String(COST_ANOMALY_KINDS.indexOf(a.kind)).padStart(2, '0')}|${a.placementId}|${a.paymentIds.join('+')}`;

/**
 * Cost aggregates, anomalies and analyses. The person-level cost queries (placementCosts,
 * personCosts) are served by src/views/finance-costs.resolver.ts, behind the same record-access
 * decision as every other view of a child (sealed and non-social-care children refused).
 */
@Audited()
@Resolver()
export class PlacementCostResolver {
  constructor(
    @Inject(PlacementCostService) private readonly costs: PlacementCostService,
    @Inject(CostAnalysisService) private readonly analysis: CostAnalysisService,
  ) {}

  @Authorized('finance', 'analyst')
  @Query(() => [FinancialYearCostModel], {
    description: 'spend on linked payments per financial year, split pro rata by days',
  })
  async costsByFinancialYear(
    @Args('placementGroup', { type: () => PlacementGroupEnum, nullable: true })
    placementGroup?: PlacementGroup,
  ): Promise<FinancialYearCostModel[]> {
    return (await this.costs.costsByFinancialYear(placementGroup)).map(toYearModel);
  }

  @Authorized('finance', 'data_steward')
  @Query(() => CostAnomalyPageModel, {
    description:
      'payments outside placement dates, overlapping payments, weekly rates far from the usual band, placements with no payments',
    complexity: ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }) =>
      (args.first ?? 50) * childComplexity,
  })
  async costAnomalies(
    @Args('kinds', { type: () => [CostAnomalyKindEnum], nullable: true }) kinds?: CostAnomalyKind[],
    @Args('asOf', { type: () => String, nullable: true }) asOf?: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<CostAnomalyPageModel> {
    const all = (await this.costs.anomalies(asOfDate(asOf), kinds?.length ? kinds : COST_ANOMALY_KINDS))
      .map((a) => ({ ...a, key: anomalyKey(a) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const afterKey = after ? Buffer.from(after, 'base64url').toString('utf8') : null;
    const rest = afterKey === null ? all : all.filter((a) => a.key > afterKey);
    const limit = Math.min(Math.max(first, 1), 500);
    const page = rest.slice(0, limit);
    const last = page[page.length - 1];
    return {
      anomalies: page.map(({ key: _key, ...a }) => a),
      totalCount: all.length,
      endCursor: last ? Buffer.from(last.key, 'utf8').toString('base64url') : null,
      hasNextPage: rest.length > limit,
    };
  }

  @Authorized('finance', 'analyst')
  @Query(() => CostAnalysisModel, {
    description: `weekly unit costs and spend by group. ${CONFIDENCE_METHOD}`,
  })
  async costAnalysis(
    @CurrentAuth() auth: AuthContext,
    @Args('dimension', { type: () => CostDimensionEnum }) dimension: CostDimension,
    @Args('financialYear', {
      type: () => Int,
      nullable: true,
      description: 'start year, e.g. 2024 for 2024-25',
    })
    financialYear?: number,
  ): Promise<CostAnalysisModel> {
    const groups = await this.analysis.analyse(dimension, financialYear ?? null);
    return {
      dimension,
      financialYear: financialYear ?? null,
      method: CONFIDENCE_METHOD,
      groups: groups.map((g) => ({
        key: g.key,
        label: g.label,
        placements: g.placements,
        children: g.children,
        totalPaidGbp: g.totalPaid,
        meanWeeklyCostGbp: g.meanWeeklyCost,
        meanWeeklyCostInterval: g.meanWeeklyCostInterval,
        medianWeeklyCostGbp: g.medianWeeklyCost,
        medianWeeklyCostInterval: g.medianWeeklyCostInterval,
        highCostPlacements: g.highCostPlacements,
        // placement ids are social care identifiers: finance works them, analysts get counts only
        highCostPlacementIds: auth.role === 'finance' ? g.highCostPlacementIds : [],
      })),
    };
  }
}

import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { CostAnomalyKind } from './placement-cost.service';
import type { CostDimension } from './cost-analysis.service';
import type { PlacementGroup } from './placement-types';
import { CostAnomalyKindEnum, CostDimensionEnum, PlacementGroupEnum } from './placement-enums';

@ObjectType('ConfidenceInterval', { description: '95% confidence interval' })
export class ConfidenceIntervalModel {
  @Field(() => Float) lower!: number;
  @Field(() => Float) upper!: number;
}

@ObjectType('FinancialYearCost', { description: 'spend in one financial year (1 April – 31 March), pro rata by days' })
export class FinancialYearCostModel {
  @Field(() => Int, { description: 'calendar year the financial year starts in' }) startYear!: number;
  @Field(() => String, { description: 'e.g. 2024-25' }) label!: string;
  @Field(() => Int, { description: 'payment days falling in the year' }) days!: number;
  @Field(() => Float) amountGbp!: number;
}

@ObjectType('PlacementCost')
export class PlacementCostModel {
  @Field(() => ID) placementId!: string;
  @Field(() => PlacementGroupEnum) placementGroup!: PlacementGroup;
  @Field(() => String, { nullable: true }) startDate!: string | null;
  @Field(() => String, { nullable: true }) endDate!: string | null;
  @Field(() => Boolean) open!: boolean;
  @Field(() => Float, { description: 'linked payments paid by the as-of date, net of credit notes' }) paidToDateGbp!: number;
  @Field(() => Int) payments!: number;
  @Field(() => Float, { nullable: true, description: "latest linked payment's weekly rate" }) weeklyRateGbp!: number | null;
  @Field(() => Int, { nullable: true, description: 'placement days to its end or the as-of date' }) days!: number | null;
  @Field(() => String, { nullable: true }) paidThrough!: string | null;
  @Field(() => Int) committedDays!: number;
  @Field(() => Float, { description: 'open placements: weekly rate × days ÷ 7 from the paid-through date to 31 March' })
  committedToYearEndGbp!: number;
  @Field(() => Boolean, { description: 'weekly rate of £10,000 or more' }) highCost!: boolean;
  @Field(() => [FinancialYearCostModel]) byFinancialYear!: FinancialYearCostModel[];
}

@ObjectType('PersonCostSummary')
export class PersonCostSummaryModel {
  @Field(() => ID) personId!: string;
  @Field(() => Int) placements!: number;
  @Field(() => Float) paidToDateGbp!: number;
  @Field(() => Float) committedToYearEndGbp!: number;
  @Field(() => [FinancialYearCostModel]) byFinancialYear!: FinancialYearCostModel[];
  @Field(() => [PlacementCostModel]) placementCosts!: PlacementCostModel[];
}

@ObjectType('CostAnomaly')
export class CostAnomalyModel {
  @Field(() => CostAnomalyKindEnum) kind!: CostAnomalyKind;
  @Field(() => ID) placementId!: string;
  @Field(() => [ID]) paymentIds!: string[];
  @Field(() => String) detail!: string;
}

@ObjectType('CostAnomalyPage')
export class CostAnomalyPageModel {
  @Field(() => [CostAnomalyModel]) anomalies!: CostAnomalyModel[];
  @Field(() => Int) totalCount!: number;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType('CostAnalysisGroup')
export class CostAnalysisGroupModel {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => Int) placements!: number;
  @Field(() => Int) children!: number;
  @Field(() => Float) totalPaidGbp!: number;
  @Field(() => Float, { nullable: true }) meanWeeklyCostGbp!: number | null;
  @Field(() => ConfidenceIntervalModel, { nullable: true, description: "Student's t-interval; null below 2 placements" })
  meanWeeklyCostInterval!: ConfidenceIntervalModel | null;
  @Field(() => Float, { nullable: true }) medianWeeklyCostGbp!: number | null;
  @Field(() => ConfidenceIntervalModel, {
    nullable: true,
    description: 'distribution-free order-statistic interval; null below 6 placements',
  })
  medianWeeklyCostInterval!: ConfidenceIntervalModel | null;
  @Field(() => Int, { description: 'placements at £10,000 a week or more' }) highCostPlacements!: number;
  @Field(() => [ID], { description: 'finance only; empty for other roles' }) highCostPlacementIds!: string[];
}

@ObjectType('CostAnalysis')
export class CostAnalysisModel {
  @Field(() => CostDimensionEnum) dimension!: CostDimension;
  @Field(() => Int, { nullable: true }) financialYear!: number | null;
  @Field(() => String, { description: 'how the intervals were computed' }) method!: string;
  @Field(() => [CostAnalysisGroupModel]) groups!: CostAnalysisGroupModel[];
}

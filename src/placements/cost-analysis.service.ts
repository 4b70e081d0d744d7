import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HIGH_COST_WEEKLY_GBP } from './cost-bands';
import { latestRateOrderSql, paymentWeeklyRateSql, paymentYearSharesSql } from './cost-sql';
import { financialYearLabel } from './financial-year';
import { placementMeaning } from './placement-types';
import { mean, meanConfidenceInterval, median, medianConfidenceInterval, type Interval } from './statistics';

export const COST_DIMENSIONS = ['placement_type', 'placement_group', 'provider', 'team', 'financial_year'] as const;
export type CostDimension = (typeof COST_DIMENSIONS)[number];

export const CONFIDENCE_METHOD =
  "95% intervals: mean by Student's t-interval (mean ± t(0.975, n−1)·s/√n); median by the " +
  'distribution-free order-statistic interval (ranks from Binomial(n, ½), coverage ≥ 95%; none below 6 placements). ' +
  "Unit: one placement (per financial year when grouped by year); weekly cost = the latest linked payment's weekly rate.";

export interface CostAnalysisGroup {
  key: string;
  label: string;
  placements: number;
  children: number;
  totalPaid: number;
  meanWeeklyCost: number | null;
  meanWeeklyCostInterval: Interval | null;
  medianWeeklyCost: number | null;
  medianWeeklyCostInterval: Interval | null;
  highCostPlacements: number;
  highCostPlacementIds: string[];
}

interface UnitRow {
  placement_id: string;
  fy: number;
  total: string;
  weekly: string | null;
  placement_type: string | null;
  placement_group: string;
  provider: string | null;
  team: string | null;
  child_key: string;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * Cost analyses for analysts and finance: spend and weekly unit costs grouped by placement type,
 * group, provider, the child's allocated team or financial year, with honest 95% intervals.
 * Person-level rows never leave this service; only group figures do.
 */
@Injectable()
export class CostAnalysisService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async analyse(dimension: CostDimension, financialYear?: number | null): Promise<CostAnalysisGroup[]> {
    const rows = await this.dataSource.query<UnitRow[]>(
      `with ${paymentYearSharesSql('true')},
       total as (select placement_id, fy, sum(amount) as total from year_share group by placement_id, fy),
       rate as (
         select distinct on (placement_id, fy) placement_id, fy, ${paymentWeeklyRateSql('y')} as weekly
         from year_share y where amount_gbp > 0 order by placement_id, fy, ${latestRateOrderSql('y')}
       )
       select t.placement_id, t.fy, t.total::text, r.weekly::text, pl.placement_type, pl.placement_group,
         coalesce(pl.provider_name, pl.provider_id) as provider,
         coalesce(case when jsonb_typeof(child.std -> 'allocated_team') = 'string' then nullif(btrim(child.std ->> 'allocated_team'), '') end,
                  nullif(btrim(child.payload ->> 'allocated_team'), '')) as team,
         coalesce(plink.person_id, 'child:' || pl.la_child_id, 'placement:' || pl.placement_id) as child_key
       from total t
       join placement pl on pl.placement_id = t.placement_id
       left join rate r on r.placement_id = t.placement_id and r.fy = t.fy
       left join source_record child on child.id = pl.child_source_record_id
       left join person_link plink on plink.feed = 'csc-children' and plink.source_id = pl.la_child_id
       where ($1::int is null or t.fy = $1)
       order by t.placement_id, t.fy`,
      [financialYear ?? null],
    );
    const units = dimension === 'financial_year' ? rows : collapseToPlacements(rows);
    const groups = new Map<string, UnitRow[]>();
    for (const u of units) {
      const key = keyOf(dimension, u);
      const list = groups.get(key) ?? [];
      list.push(u);
      groups.set(key, list);
    }
    return [...groups.entries()]
      .map(([key, members]) => summarise(dimension, key, members))
      .sort((a, b) => (dimension === 'financial_year' ? a.key.localeCompare(b.key) : b.totalPaid - a.totalPaid || a.key.localeCompare(b.key)));
  }
}

/** One unit per placement: totals over the years, weekly cost from the latest year. */
function collapseToPlacements(rows: readonly UnitRow[]): UnitRow[] {
  const byPlacement = new Map<string, UnitRow>();
  for (const r of rows) {
    const seen = byPlacement.get(r.placement_id);
    if (!seen) byPlacement.set(r.placement_id, { ...r });
    else {
      seen.total = String(Number(seen.total) + Number(r.total));
      if (r.fy > seen.fy && r.weekly !== null) {
        seen.weekly = r.weekly;
        seen.fy = r.fy;
      }
    }
  }
  return [...byPlacement.values()];
}

function keyOf(dimension: CostDimension, u: UnitRow): string {
  switch (dimension) {
    case 'placement_type':
      return u.placement_type ?? 'unknown';
    case 'placement_group':
      return u.placement_group;
    case 'provider':
      return u.provider ?? 'unknown';
    case 'team':
      return u.team ?? 'unknown';
    case 'financial_year':
      return String(u.fy);
  }
}

function labelOf(dimension: CostDimension, key: string): string {
  if (dimension === 'financial_year') return financialYearLabel(Number(key));
  if (dimension === 'placement_type') return placementMeaning(key) ?? key;
  return key;
}

function summarise(dimension: CostDimension, key: string, members: readonly UnitRow[]): CostAnalysisGroup {
  const weekly = members.filter((m) => m.weekly !== null).map((m) => Number(m.weekly));
  const highCost = members.filter((m) => m.weekly !== null && Number(m.weekly) >= HIGH_COST_WEEKLY_GBP);
  const roundInterval = (i: Interval | null): Interval | null => (i ? { lower: round2(i.lower), upper: round2(i.upper) } : null);
  return {
    key,
    label: labelOf(dimension, key),
    placements: new Set(members.map((m) => m.placement_id)).size,
    children: new Set(members.map((m) => m.child_key)).size,
    totalPaid: round2(members.reduce((s, m) => s + Number(m.total), 0)),
    meanWeeklyCost: weekly.length ? round2(mean(weekly)) : null,
    meanWeeklyCostInterval: roundInterval(meanConfidenceInterval(weekly)),
    medianWeeklyCost: weekly.length ? round2(median(weekly)) : null,
    medianWeeklyCostInterval: roundInterval(medianConfidenceInterval(weekly)),
    highCostPlacements: new Set(highCost.map((m) => m.placement_id)).size,
    highCostPlacementIds: [...new Set(highCost.map((m) => m.placement_id))].sort(),
  };
}

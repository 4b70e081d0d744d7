import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HIGH_COST_WEEKLY_GBP, WEEKLY_COST_BANDS, isFarFromBand } from './cost-bands';
import { latestRateOrderSql, paymentWeeklyRateSql, paymentYearSharesSql } from './cost-sql';
import {
  committedToYearEnd,
  daysInclusive,
  epochDay,
  financialYearLabel,
  isoFromEpochDay,
} from './financial-year';
import type { PlacementGroup } from './placement-types';
import { PlacementService } from './placement.service';

export interface FinancialYearAmount {
  startYear: number;
  label: string;
  days: number;
  amount: number;
}

export interface PlacementCost {
  placementId: string;
  placementGroup: PlacementGroup;
  startDate: string | null;
  endDate: string | null;
  open: boolean;
  /** Linked payments paid on or before the as-of date, net of credit notes. */
  paidToDate: number;
  payments: number;
  /** The latest linked payment's weekly rate (stated, or worked out from a pro-rated part period). */
  weeklyRate: number | null;
  /** Placement days from start to its end or the as-of date, inclusive. */
  days: number | null;
  paidThrough: string | null;
  /** Open placements: days and cost still to come to 31 March (or the planned end) at the weekly rate. */
  committedDays: number;
  committedToYearEnd: number;
  highCost: boolean;
  byFinancialYear: FinancialYearAmount[];
}

export interface PersonCost {
  personId: string;
  placements: number;
  paidToDate: number;
  committedToYearEnd: number;
  byFinancialYear: FinancialYearAmount[];
  placementCosts: PlacementCost[];
}

export const COST_ANOMALY_KINDS = [
  'payment_outside_placement_dates',
  'overlapping_payments',
  'weekly_rate_far_from_band',
  'placement_without_payments',
] as const;
export type CostAnomalyKind = (typeof COST_ANOMALY_KINDS)[number];

export interface CostAnomaly {
  kind: CostAnomalyKind;
  placementId: string;
  paymentIds: string[];
  detail: string;
}

interface CostRow {
  placement_id: string;
  placement_group: PlacementGroup;
  start_date: string | null;
  end_date: string | null;
  paid: string;
  payments: number;
  paid_through: string | null;
  weekly_rate: string | null;
}

/**
 * Placements are paid four-weekly in arrears, a week after the cycle ends: a placement younger
 * than 35 days can rightly have no payment yet.
 */
export const PAYMENT_DUE_AFTER_DAYS = 35;

function addYear(map: Map<number, FinancialYearAmount>, y: FinancialYearAmount): void {
  const existing = map.get(y.startYear);
  if (existing) {
    existing.amount = Math.round((existing.amount + y.amount) * 100) / 100;
    existing.days += y.days;
  } else map.set(y.startYear, { ...y });
}

/**
 * What placements cost: per placement, per person and per financial year, the commitment of
 * open placements to the year end, and the anomalies finance should look at.
 */
@Injectable()
export class PlacementCostService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PlacementService) private readonly placements: PlacementService,
  ) {}

  /** Costs for any number of placements in three queries (batched for DataLoader). */
  async placementCosts(placementIds: readonly string[], asOf: string): Promise<Map<string, PlacementCost>> {
    const rows = await this.dataSource.query<CostRow[]>(
      `select pl.placement_id, pl.placement_group, pl.start_date::text, pl.end_date::text,
         coalesce(sum(p.amount_gbp) filter (where p.paid_on is null or p.paid_on <= $2::date), 0)::text as paid,
         count(p.payment_id)::int as payments,
         max(p.period_end) filter (where p.amount_gbp > 0)::text as paid_through,
         (select ${paymentWeeklyRateSql('r')} from payment r
          where r.placement_id = pl.placement_id and r.amount_gbp > 0 and r.period_start is not null
          order by ${latestRateOrderSql('r')} limit 1)::text as weekly_rate
       from placement pl left join payment p on p.placement_id = pl.placement_id
       where pl.placement_id = any($1::text[])
       group by pl.placement_id`,
      [placementIds, asOf],
    );
    const years = await this.yearsByPlacement(placementIds);
    const asOfDay = epochDay(asOf);
    const result = new Map<string, PlacementCost>();
    for (const r of rows) {
      const weeklyRate = r.weekly_rate === null ? null : Number(r.weekly_rate);
      const open = r.end_date === null || r.end_date > asOf;
      const lastDay = r.end_date !== null && r.end_date < asOf ? r.end_date : asOf;
      const days = r.start_date === null || r.start_date > lastDay ? (r.start_date === null ? null : 0) : daysInclusive(r.start_date, lastDay);
      let committed = { days: 0, amount: 0 };
      if (open && weeklyRate !== null) {
        // from the later of: the day after the as-of date, the day after the paid-through date, the start
        const candidates = [asOfDay + 1];
        if (r.paid_through) candidates.push(epochDay(r.paid_through) + 1);
        if (r.start_date) candidates.push(epochDay(r.start_date));
        committed = committedToYearEnd(weeklyRate, isoFromEpochDay(Math.max(...candidates)), asOf, r.end_date);
      }
      result.set(r.placement_id, {
        placementId: r.placement_id,
        placementGroup: r.placement_group,
        startDate: r.start_date,
        endDate: r.end_date,
        open,
        paidToDate: Number(r.paid),
        payments: r.payments,
        weeklyRate,
        days,
        paidThrough: r.paid_through,
        committedDays: committed.days,
        committedToYearEnd: committed.amount,
        highCost: weeklyRate !== null && weeklyRate >= HIGH_COST_WEEKLY_GBP,
        byFinancialYear: years.get(r.placement_id) ?? [],
      });
    }
    return result;
  }

  private async yearsByPlacement(placementIds: readonly string[]): Promise<Map<string, FinancialYearAmount[]>> {
    const rows = await this.dataSource.query<{ placement_id: string; fy: number; days: number; amount: string }[]>(
      `with ${paymentYearSharesSql('p.placement_id = any($1::text[])')}
       select placement_id, fy, sum(days)::int as days, sum(amount)::text as amount
       from year_share group by placement_id, fy order by placement_id, fy`,
      [placementIds],
    );
    const map = new Map<string, FinancialYearAmount[]>();
    for (const r of rows) {
      const list = map.get(r.placement_id) ?? [];
      list.push({ startYear: r.fy, label: financialYearLabel(r.fy), days: r.days, amount: Number(r.amount) });
      map.set(r.placement_id, list);
    }
    return map;
  }

  /**
   * The persons each placement belongs to (through its child's social care record): callers
   * decide record access per person before showing a placement's cost, and audit these ids. A
   * placement whose child is in no person is absent from the map.
   */
  async personsByPlacement(placementIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.dataSource.query<{ placement_id: string; person_ids: string[] }[]>(
      `select pl.placement_id, array_agg(distinct plink.person_id) as person_ids from placement pl
       join person_link plink on plink.feed = 'csc-children' and plink.source_id = pl.la_child_id
       where pl.placement_id = any($1::text[])
       group by pl.placement_id`,
      [placementIds],
    );
    return new Map(rows.map((r) => [r.placement_id, r.person_ids]));
  }

  /** Per person: every placement of every social care record linked to the person. */
  async costsForPerson(personIds: readonly string[], asOf: string): Promise<Map<string, PersonCost>> {
    const byPerson = await this.placements.placementsForPerson(personIds);
    const allIds = [...byPerson.values()].flat().map((p) => p.placementId);
    const costs = await this.placementCosts(allIds, asOf);
    const result = new Map<string, PersonCost>();
    for (const personId of personIds) {
      const placementCosts = (byPerson.get(personId) ?? []).map((p) => costs.get(p.placementId)).filter((c): c is PlacementCost => !!c);
      const years = new Map<number, FinancialYearAmount>();
      for (const c of placementCosts) for (const y of c.byFinancialYear) addYear(years, y);
      result.set(personId, {
        personId,
        placements: placementCosts.length,
        paidToDate: Math.round(placementCosts.reduce((s, c) => s + c.paidToDate, 0) * 100) / 100,
        committedToYearEnd: Math.round(placementCosts.reduce((s, c) => s + c.committedToYearEnd, 0) * 100) / 100,
        byFinancialYear: [...years.values()].sort((a, b) => a.startYear - b.startYear),
        placementCosts,
      });
    }
    return result;
  }

  /** Spend on linked payments per financial year, split pro rata by days; optionally one group. */
  async costsByFinancialYear(group?: PlacementGroup): Promise<FinancialYearAmount[]> {
    const rows = await this.dataSource.query<{ fy: number; days: number; amount: string }[]>(
      `with ${paymentYearSharesSql('($1::text is null or exists (select 1 from placement g where g.placement_id = p.placement_id and g.placement_group = $1))')}
       select fy, sum(days)::int as days, sum(amount)::text as amount from year_share group by fy order by fy`,
      [group ?? null],
    );
    return rows.map((r) => ({ startYear: r.fy, label: financialYearLabel(r.fy), days: r.days, amount: Number(r.amount) }));
  }

  /** Every anomaly, ordered by kind then placement, for finance to work through. */
  async anomalies(asOf: string, kinds: readonly CostAnomalyKind[] = COST_ANOMALY_KINDS): Promise<CostAnomaly[]> {
    const out: CostAnomaly[] = [];
    if (kinds.includes('payment_outside_placement_dates')) {
      const rows = await this.dataSource.query<{ placement_id: string; payment_id: string; before: number; after: number }[]>(
        `select pl.placement_id, p.payment_id,
           greatest(0, pl.start_date - p.period_start)::int as before,
           greatest(0, p.period_end - pl.end_date)::int as after
         from payment p join placement pl on pl.placement_id = p.placement_id
         where p.period_start < pl.start_date or p.period_end > pl.end_date
         order by pl.placement_id, p.payment_id`,
      );
      for (const r of rows) {
        const parts = [r.before ? `${r.before} days before the start` : '', r.after ? `${r.after} days after the end` : ''].filter(Boolean);
        out.push({ kind: 'payment_outside_placement_dates', placementId: r.placement_id, paymentIds: [r.payment_id], detail: `paid for ${parts.join(' and ')}` });
      }
    }
    if (kinds.includes('overlapping_payments')) {
      // A payment exactly reversed by a credit note (same placement, period and amount) is not a
      // duplicate of its re-issue, so reversed payments are left out of the comparison.
      const rows = await this.dataSource.query<{ placement_id: string; a: string; b: string; days: number }[]>(
        `with live as (
           select p.* from payment p
           where p.placement_id is not null and p.amount_gbp > 0 and p.period_start is not null and p.period_end >= p.period_start
             and not exists (select 1 from payment c where c.placement_id = p.placement_id and c.amount_gbp = -p.amount_gbp
               and c.period_start = p.period_start and c.period_end = p.period_end)
         )
         select a.placement_id, a.payment_id as a, b.payment_id as b,
           (least(a.period_end, b.period_end) - greatest(a.period_start, b.period_start) + 1)::int as days
         from live a join live b on b.placement_id = a.placement_id and a.payment_id < b.payment_id
           and a.period_start <= b.period_end and b.period_start <= a.period_end
         order by a.placement_id, a.payment_id, b.payment_id`,
      );
      for (const r of rows) {
        out.push({ kind: 'overlapping_payments', placementId: r.placement_id, paymentIds: [r.a, r.b], detail: `both pay the same ${r.days} days` });
      }
    }
    if (kinds.includes('weekly_rate_far_from_band')) {
      const rows = await this.dataSource.query<{ placement_id: string; placement_group: PlacementGroup; payment_id: string; weekly_rate: string }[]>(
        `select distinct on (p.placement_id) p.placement_id, pl.placement_group, p.payment_id,
           ${paymentWeeklyRateSql('p')}::text as weekly_rate
         from payment p join placement pl on pl.placement_id = p.placement_id
         where p.amount_gbp > 0 and p.period_start is not null and pl.placement_group = any($1::text[])
         order by p.placement_id, ${latestRateOrderSql('p')}`,
        [Object.keys(WEEKLY_COST_BANDS)],
      );
      for (const r of rows) {
        const rate = Number(r.weekly_rate);
        const band = WEEKLY_COST_BANDS[r.placement_group];
        if (band && isFarFromBand(r.placement_group, rate)) {
          out.push({
            kind: 'weekly_rate_far_from_band',
            placementId: r.placement_id,
            paymentIds: [r.payment_id],
            detail: `£${rate.toFixed(2)} a week; usual for ${r.placement_group} £${band.low}–£${band.high}`,
          });
        }
      }
    }
    if (kinds.includes('placement_without_payments')) {
      // Only placement kinds that are normally paid for (those with a cost band), that overlap the
      // finance extract (from its earliest payment period) and started long enough before the as-of
      // date for a payment in arrears to be due.
      const rows = await this.dataSource.query<{ placement_id: string; placement_group: string }[]>(
        `with extract as (select min(period_start) as first_day from payment)
         select pl.placement_id, pl.placement_group from placement pl, extract
         where pl.placement_group = any($1::text[])
           and pl.start_date <= $2::date - $3::int
           and (pl.end_date is null or pl.end_date > extract.first_day)
           and not exists (select 1 from payment p where p.placement_id = pl.placement_id)
         order by pl.placement_id`,
        [Object.keys(WEEKLY_COST_BANDS), asOf, PAYMENT_DUE_AFTER_DAYS],
      );
      for (const r of rows) {
        out.push({ kind: 'placement_without_payments', placementId: r.placement_id, paymentIds: [], detail: `${r.placement_group} placement with no linked payment` });
      }
    }
    return out;
  }
}

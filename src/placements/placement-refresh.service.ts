import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IN_HOUSE_ID_SQL, IN_HOUSE_NAME_SQL, placeCodeValuesSql } from './placement-types';

export interface RefreshCounts {
  current: number;
  inserted: number;
  updated: number;
  removed: number;
}

export interface RefreshResult {
  placements: RefreshCounts;
  payments: RefreshCounts;
}

/**
 * A canonical column of a current source record: the standardised value when the feed loader
 * produced a plain string, else the raw value as read. Blank is unknown.
 */
function text(column: string): string {
  return `coalesce(
    case when jsonb_typeof(sr.std -> '${column}') = 'string' then nullif(btrim(sr.std ->> '${column}'), '') end,
    nullif(btrim(sr.payload ->> '${column}'), ''))`;
}
function date(column: string): string {
  return `coalesce(placements_parse_date(case when jsonb_typeof(sr.std -> '${column}') = 'string' then sr.std ->> '${column}' end),
    placements_parse_date(sr.payload ->> '${column}'))`;
}
function money(column: string): string {
  return `placements_parse_money(coalesce(
    case when jsonb_typeof(sr.std -> '${column}') in ('string', 'number') then sr.std ->> '${column}' end,
    sr.payload ->> '${column}'))`;
}

/**
 * Materialises placements and payments from the current `csc-placements` and `finance-payments`
 * source records, set-based. Idempotent: a row changes (and its refreshed_at moves) only when its
 * source values changed; rows whose source record is no longer current are removed.
 */
@Injectable()
export class PlacementRefreshService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async refresh(): Promise<RefreshResult> {
    return this.dataSource.transaction(async (m) => ({
      placements: await this.refreshPlacements(m),
      payments: await this.refreshPayments(m),
    }));
  }

  /** Call inside a transaction (the working tables last until commit). */
  async refreshPlacements(m: EntityManager): Promise<RefreshCounts> {
    // Unchanged rows (same source record version, same child record) are set aside first with a
    // set operation, before any parsing: a re-run touches only what changed, and the insert never
    // reads the table it writes (an anti-join there can go quadratic on a fresh, unanalysed table).
    await m.query(`drop table if exists pg_temp.pl_changed_placement`);
    await m.query(`
      create temp table pl_changed_placement on commit drop as
      select sr.id as source_record_id, child.id as child_source_record_id
      from source_record sr
      left join source_record child on child.feed = 'csc-children' and child.is_current
        and child.source_id = nullif(btrim(sr.payload ->> 'la_child_id'), '')
      where sr.feed = 'csc-placements' and sr.is_current
      except
      select source_record_id, child_source_record_id from placement`);
    await m.query(`analyze pg_temp.pl_changed_placement`);
    const rows = await m.query<{ inserted: boolean }[]>(`
      with place_code (code, code_group) as (values ${placeCodeValuesSql()}),
      src as (
        select sr.id as source_record_id, sr.source_id as placement_id,
          ${text('la_child_id')} as la_child_id,
          ${date('start_date')} as start_date,
          ${date('end_date')} as end_date,
          upper(${text('placement_type')}) as placement_type,
          ${text('provider_id')} as provider_id,
          ${text('provider_name')} as provider_name,
          ${text('placement_postcode')} as placement_postcode,
          ${text('reason_for_change')} as reason_for_change
        from source_record sr
        join pg_temp.pl_changed_placement ch on ch.source_record_id = sr.id
      )
      insert into placement as p (placement_id, source_record_id, la_child_id, child_source_record_id, start_date,
        end_date, placement_type, placement_group, provider_id, provider_name, provider_key, provider_name_key,
        placement_postcode, reason_for_change)
      select s.placement_id, s.source_record_id, s.la_child_id, child.id, s.start_date, s.end_date, s.placement_type,
        case
          when pc.code_group is null then 'other'
          when pc.code_group <> 'fostering' then pc.code_group
          when s.provider_id ~* '${IN_HOUSE_ID_SQL}' or s.provider_name ~* '${IN_HOUSE_NAME_SQL}' then 'fostering_in_house'
          else 'fostering_agency'
        end,
        s.provider_id, s.provider_name, lower(s.provider_id), placements_provider_name_key(s.provider_name),
        s.placement_postcode, s.reason_for_change
      from src s
      left join place_code pc on pc.code = s.placement_type
      left join source_record child
        on child.feed = 'csc-children' and child.source_id = s.la_child_id and child.is_current
      on conflict (placement_id) do update set
        source_record_id = excluded.source_record_id, la_child_id = excluded.la_child_id,
        child_source_record_id = excluded.child_source_record_id, start_date = excluded.start_date,
        end_date = excluded.end_date, placement_type = excluded.placement_type,
        placement_group = excluded.placement_group, provider_id = excluded.provider_id,
        provider_name = excluded.provider_name, provider_key = excluded.provider_key,
        provider_name_key = excluded.provider_name_key, placement_postcode = excluded.placement_postcode,
        reason_for_change = excluded.reason_for_change, refreshed_at = now()
      where (p.source_record_id, p.child_source_record_id, p.placement_group)
        is distinct from (excluded.source_record_id, excluded.child_source_record_id, excluded.placement_group)
      returning (xmax = 0) as inserted`);
    // wrapped in a select: TypeORM returns [rows, count] for a bare DELETE
    const [{ removed }] = await m.query<[{ removed: number }]>(`
      with gone as (
        delete from placement p where not exists (
          select 1 from source_record sr where sr.feed = 'csc-placements' and sr.is_current and sr.source_id = p.placement_id)
        returning 1)
      select count(*)::int as removed from gone`);
    const [{ current }] = await m.query<[{ current: number }]>(`select count(*)::int as current from placement`);
    return { current, ...tally(rows), removed };
  }

  /** Call inside a transaction (the working tables last until commit). */
  async refreshPayments(m: EntityManager): Promise<RefreshCounts> {
    await m.query(`drop table if exists pg_temp.pl_changed_payment`);
    await m.query(`
      create temp table pl_changed_payment on commit drop as
      select sr.id as source_record_id from source_record sr where sr.feed = 'finance-payments' and sr.is_current
      except
      select source_record_id from payment`);
    await m.query(`analyze pg_temp.pl_changed_payment`);
    const rows = await m.query<{ inserted: boolean }[]>(`
      insert into payment as p (payment_id, source_record_id, provider_id, provider_name, provider_key,
        provider_name_key, placement_ref, client_ref, client_name, period_start, period_end, amount_gbp,
        weekly_rate_gbp, cost_code, paid_on)
      select sr.source_id, sr.id, ${text('provider_id')}, ${text('provider_name')}, lower(${text('provider_id')}),
        placements_provider_name_key(${text('provider_name')}), ${text('placement_ref')}, ${text('client_ref')},
        ${text('client_name')}, ${date('period_start')}, ${date('period_end')}, ${money('amount_gbp')},
        ${money('weekly_rate_gbp')}, ${text('cost_code')}, ${date('paid_on')}
      from source_record sr
      join pg_temp.pl_changed_payment ch on ch.source_record_id = sr.id
      on conflict (payment_id) do update set
        source_record_id = excluded.source_record_id, provider_id = excluded.provider_id,
        provider_name = excluded.provider_name, provider_key = excluded.provider_key,
        provider_name_key = excluded.provider_name_key, placement_ref = excluded.placement_ref,
        client_ref = excluded.client_ref, client_name = excluded.client_name,
        period_start = excluded.period_start, period_end = excluded.period_end, amount_gbp = excluded.amount_gbp,
        weekly_rate_gbp = excluded.weekly_rate_gbp, cost_code = excluded.cost_code, paid_on = excluded.paid_on,
        refreshed_at = now()
      where p.source_record_id is distinct from excluded.source_record_id
      returning (xmax = 0) as inserted`);
    // wrapped in a select: TypeORM returns [rows, count] for a bare DELETE
    const [{ removed }] = await m.query<[{ removed: number }]>(`
      with gone as (
        delete from payment p where not exists (
          select 1 from source_record sr where sr.feed = 'finance-payments' and sr.is_current and sr.source_id = p.payment_id)
        returning 1)
      select count(*)::int as removed from gone`);
    const [{ current }] = await m.query<[{ current: number }]>(`select count(*)::int as current from payment`);
    return { current, ...tally(rows), removed };
  }
}

function tally(rows: readonly { inserted: boolean }[]): { inserted: number; updated: number } {
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted };
}

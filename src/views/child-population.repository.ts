import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ChildPopulationRow {
  personId: string;
  lookedAfter: boolean;
  ehcPlan: boolean;
  dob: string | null;
  postcode: string | null;
  sex: string | null;
  placementGroup: string | null;
}

/** A child named by a finance client reference (a social care id, la_child_id). */
export interface ClientRefChild {
  /** null: the social care record is loaded but not linked to a person yet. */
  personId: string | null;
  /** A sealed pre-adoption identity: only a data steward may see who the payment names. */
  sealed: boolean;
}

/**
 * A social care source record (alias `s`) of a sealed pre-adoption identity: the flag ingest sets
 * (std.sealed_pre_adoption, also when a mapping's code list turns a council's own code into
 * ADOPTED) or legal_status ADOPTED as read, which is what isSealed in child-facts.ts checks.
 */
const sealedRecord = (s: string): string =>
  `(coalesce((${s}.std->>'sealed_pre_adoption')::boolean, false)
    or upper(btrim(${s}.payload->>'legal_status')) = 'ADOPTED')`;

/**
 * Set-based reads over the whole population for aggregates and pseudonymised lists. Sealed
 * pre-adoption identities are excluded here, in SQL, so no aggregate or row can include them.
 */
const SEALED = `exists (select 1 from person_link x join source_record xs on xs.id = x.source_record_id
                 where x.person_id = pl.person_id and x.feed = 'csc-children' and ${sealedRecord('xs')})`;

/** One row per child known to social care (see socialCareChildren). */
const POPULATION_SQL = `with child as (
         select pl.person_id,
                bool_or(s.feed = 'csc-children' and lower(btrim(s.payload->>'looked_after')) in ('y', 'yes', 'true', '1')) looked_after,
                bool_or(s.feed = 'education-pupils' and upper(btrim(s.payload->>'sen_provision')) = 'E') ehc_plan,
                bool_or(s.feed = 'csc-children') in_csc,
                (array_agg(s.dob::text order by s.feed = 'health-patients' desc, s.feed = 'csc-children' desc) filter (where s.dob is not null))[1] dob,
                (array_agg(s.postcode order by s.feed = 'csc-children' desc) filter (where s.postcode is not null))[1] postcode,
                (array_agg(s.sex order by s.feed = 'health-patients' desc) filter (where s.sex is not null))[1] sex
         from person_link pl join source_record s on s.id = pl.source_record_id
         where not ${SEALED}
         group by pl.person_id),
       current_placement as (
         select distinct on (plink.person_id) plink.person_id, p.placement_group
         from person_link plink join placement p on p.la_child_id = plink.source_id
         where plink.feed = 'csc-children'
         order by plink.person_id, (p.end_date is null) desc, p.start_date desc nulls last)
       select c.person_id, c.looked_after, c.ehc_plan, c.dob, c.postcode, c.sex, cp.placement_group
       from child c left join current_placement cp on cp.person_id = c.person_id
       where c.in_csc`;

/** The cohort dimensions, as SQL over one POPULATION_SQL row `p` (mirrors valueOf in cohort.service.ts). */
export type CohortDimensionKey = 'PLACEMENT_GROUP' | 'AGE_BAND' | 'DISTRICT' | 'EHC_PLAN' | 'SEX';
const COMPACT_POSTCODE = `regexp_replace(upper(p.postcode), '\\s+', '', 'g')`;
const DISTRICT_SQL = `case when ${COMPACT_POSTCODE} ~ '^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$'
                           then left(${COMPACT_POSTCODE}, -3) end`;
/** Whole years at the reference date (`ref`: year, month, day), as ageBand computes it. */
const AGE_SQL = `(ref.y - substr(p.dob, 1, 4)::int
                  - case when ref.m < substr(p.dob, 6, 2)::int
                           or (ref.m = substr(p.dob, 6, 2)::int and ref.d < substr(p.dob, 9, 2)::int)
                         then 1 else 0 end)`;
const DIMENSION_SQL: Record<CohortDimensionKey, string> = {
  PLACEMENT_GROUP: `coalesce(p.placement_group, 'not placed')`,
  AGE_BAND: `case when p.dob is null or p.dob !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then 'unknown'
                  when ${AGE_SQL} < 0 then 'unknown'
                  when ${AGE_SQL} < 1 then 'under 1'
                  when ${AGE_SQL} < 5 then '1 to 4'
                  when ${AGE_SQL} < 10 then '5 to 9'
                  when ${AGE_SQL} < 16 then '10 to 15'
                  else '16 and over' end`,
  DISTRICT: `coalesce(${DISTRICT_SQL}, 'unknown')`,
  EHC_PLAN: `case when p.ehc_plan then 'EHC plan' else 'no EHC plan' end`,
  SEX: `coalesce(p.sex, 'unknown')`,
};

export interface CohortQuery {
  rows: CohortDimensionKey;
  columns: CohortDimensionKey | null;
  lookedAfterOnly: boolean;
  ehcPlan: boolean | null;
  /** Compact upper-case postcode district, or null for all. */
  district: string | null;
  today: Date;
}

export interface CohortCount {
  row: string;
  column: string;
  count: number;
}

@Injectable()
export class ChildPopulationRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * The children the finance system's client references name (client_ref is its copy of the social
   * care id, la_child_id): the person, for the audit of reads that show those rows, and whether the
   * record or any social care record of its person is sealed. A reference naming no social care
   * record is left out.
   */
  async childrenOfClientRefs(clientRefs: readonly string[]): Promise<Map<string, ClientRefChild>> {
    if (clientRefs.length === 0) return new Map();
    const rows = await this.dataSource.query<
      Array<{ client_ref: string; person_id: string | null; sealed: boolean }>
    >(
      `select r.client_ref, pl.person_id,
              (${SEALED} or exists (select 1 from source_record s
                                    where s.feed = 'csc-children' and s.source_id = r.client_ref and s.is_current
                                      and ${sealedRecord('s')})) sealed
       from unnest($1::text[]) r(client_ref)
       left join person_link pl on pl.feed = 'csc-children' and pl.source_id = r.client_ref
       where pl.person_id is not null
          or exists (select 1 from source_record s where s.feed = 'csc-children' and s.source_id = r.client_ref)`,
      [clientRefs],
    );
    return new Map(rows.map((r) => [r.client_ref, { personId: r.person_id, sealed: r.sealed }]));
  }

  /**
   * One row per child known to social care. Identity values: standardised columns, preferring
   * health for birth date and sex and social care for postcode (the golden record's source order).
   */
  async socialCareChildren(): Promise<ChildPopulationRow[]> {
    const rows = await this.dataSource.query<
      Array<{
        person_id: string;
        looked_after: boolean;
        ehc_plan: boolean;
        dob: string | null;
        postcode: string | null;
        sex: string | null;
        placement_group: string | null;
      }>
    >(POPULATION_SQL);
    return rows.map((r) => ({
      personId: r.person_id,
      lookedAfter: r.looked_after,
      ehcPlan: r.ehc_plan,
      dob: r.dob,
      postcode: r.postcode,
      sex: r.sex,
      placementGroup: r.placement_group,
    }));
  }

  /**
   * Cohort cell counts grouped in the database: one row per non-empty (row, column) cell, so an
   * ICB table costs one aggregate scan and returns a handful of rows, never the population.
   * Dimension SQL comes from a fixed map keyed by the enum, never from the caller's text.
   */
  async cohortCounts(query: CohortQuery): Promise<CohortCount[]> {
    const rowSql = DIMENSION_SQL[query.rows];
    const columnSql = query.columns ? DIMENSION_SQL[query.columns] : `'all'`;
    const rows = await this.dataSource.query<Array<{ row: string; column: string; count: number }>>(
      `select ${rowSql} as "row", ${columnSql} as "column", count(*)::int as "count"
       from (${POPULATION_SQL}) p cross join (select $1::int as y, $2::int as m, $3::int as d) ref
       where (not $4::boolean or p.looked_after)
         and ($5::boolean is null or p.ehc_plan = $5::boolean)
         and ($6::text is null or ${DISTRICT_SQL} = $6::text)
       group by 1, 2`,
      [
        query.today.getUTCFullYear(),
        query.today.getUTCMonth() + 1,
        query.today.getUTCDate(),
        query.lookedAfterOnly,
        query.ehcPlan,
        query.district,
      ],
    );
    return rows;
  }

  /** Person ids of children known to social care, in id order after `after` (keyset; no limit: all). */
  async socialCareChildIds(after: string | null, limit: number | null): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ person_id: string }>>(
      `select distinct pl.person_id from person_link pl
       where pl.feed = 'csc-children' and ($1::text is null or pl.person_id > $1) and not ${SEALED}
       order by pl.person_id limit $2`,
      [after, limit],
    );
    return rows.map((r) => r.person_id);
  }

  /** Person ids of children whose social care record is allocated to the team, keyset-paged. */
  async caseloadIds(team: string, after: string | null, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ person_id: string }>>(
      `select distinct pl.person_id from person_link pl
       join source_record s on s.id = pl.source_record_id
       where pl.feed = 'csc-children' and btrim(s.payload->>'allocated_team') = $1
         and ($2::text is null or pl.person_id > $2) and not ${SEALED}
       order by pl.person_id limit $3`,
      [team, after, limit],
    );
    return rows.map((r) => r.person_id);
  }
}

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

/**
 * Set-based reads over the whole population for aggregates and pseudonymised lists. Sealed
 * pre-adoption identities are excluded here, in SQL, so no aggregate or row can include them.
 */
const SEALED = `exists (select 1 from person_link x join source_record xs on xs.id = x.source_record_id
                 where x.person_id = pl.person_id and x.feed = 'csc-children'
                   and upper(btrim(xs.payload->>'legal_status')) = 'ADOPTED')`;

@Injectable()
export class ChildPopulationRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * The persons the finance system's client references name (client_ref is its copy of the social
   * care id, la_child_id): for the audit of reads that show those rows.
   */
  async personIdsOfClientRefs(clientRefs: readonly string[]): Promise<string[]> {
    if (clientRefs.length === 0) return [];
    const rows = await this.dataSource.query<Array<{ person_id: string }>>(
      `select distinct person_id from person_link where feed = 'csc-children' and source_id = any($1::text[])
       order by person_id`,
      [clientRefs],
    );
    return rows.map((r) => r.person_id);
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
    >(
      `with child as (
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
       where c.in_csc`,
    );
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

  /** Person ids of children known to social care, in id order after `after` (keyset). */
  async socialCareChildIds(after: string | null, limit: number): Promise<string[]> {
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

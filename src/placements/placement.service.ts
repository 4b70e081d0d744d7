import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PlacementGroup } from './placement-types';
import type { PlacementRecord } from './placement.types';

interface PlacementRow {
  placement_id: string;
  la_child_id: string | null;
  person_id: string | null;
  start_date: string | null;
  end_date: string | null;
  placement_type: string | null;
  placement_group: PlacementGroup;
  provider_id: string | null;
  provider_name: string | null;
  reason_for_change: string | null;
}

/** The person a placement belongs to: its child's csc-children record's person link. */
export const PLACEMENT_COLUMNS = `pl.placement_id, pl.la_child_id, plink.person_id, pl.start_date::text, pl.end_date::text,
  pl.placement_type, pl.placement_group, pl.provider_id, pl.provider_name, pl.reason_for_change`;
export const PLACEMENT_PERSON_JOIN = `left join person_link plink on plink.feed = 'csc-children' and plink.source_id = pl.la_child_id`;

export function toPlacement(r: PlacementRow): PlacementRecord {
  return {
    placementId: r.placement_id,
    laChildId: r.la_child_id,
    personId: r.person_id,
    startDate: r.start_date,
    endDate: r.end_date,
    placementType: r.placement_type,
    placementGroup: r.placement_group,
    providerId: r.provider_id,
    providerName: r.provider_name,
    reasonForChange: r.reason_for_change,
  };
}

/** Placements read by id, by child and by person; each method is one query for any number of keys. */
@Injectable()
export class PlacementService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async byIds(placementIds: readonly string[]): Promise<Map<string, PlacementRecord>> {
    const rows = await this.dataSource.query<PlacementRow[]>(
      `select ${PLACEMENT_COLUMNS} from placement pl ${PLACEMENT_PERSON_JOIN} where pl.placement_id = any($1::text[])`,
      [placementIds],
    );
    return new Map(rows.map((r) => [r.placement_id, toPlacement(r)]));
  }

  /** Placements per social care child id (la_child_id), newest first. */
  async forChildren(laChildIds: readonly string[]): Promise<Map<string, PlacementRecord[]>> {
    const rows = await this.dataSource.query<PlacementRow[]>(
      `select ${PLACEMENT_COLUMNS} from placement pl ${PLACEMENT_PERSON_JOIN}
       where pl.la_child_id = any($1::text[]) order by pl.start_date desc nulls last, pl.placement_id`,
      [laChildIds],
    );
    const map = new Map<string, PlacementRecord[]>(laChildIds.map((id) => [id, []]));
    for (const r of rows) map.get(r.la_child_id ?? '')?.push(toPlacement(r));
    return map;
  }

  /**
   * Placements per person, through every csc-children record linked to the person (a child known
   * under two social care ids has both ids' placements). Batched for DataLoader.
   */
  async placementsForPerson(personIds: readonly string[]): Promise<Map<string, PlacementRecord[]>> {
    const rows = await this.dataSource.query<PlacementRow[]>(
      `select ${PLACEMENT_COLUMNS} from person_link plink
       join placement pl on pl.la_child_id = plink.source_id
       where plink.feed = 'csc-children' and plink.person_id = any($1::text[])
       order by pl.start_date desc nulls last, pl.placement_id`,
      [personIds],
    );
    const map = new Map<string, PlacementRecord[]>(personIds.map((id) => [id, []]));
    for (const r of rows) map.get(r.person_id ?? '')?.push(toPlacement(r));
    return map;
  }
}

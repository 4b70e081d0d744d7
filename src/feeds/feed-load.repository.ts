import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface FeedLoadRow {
  id: string;
  feed: string;
  fileName: string;
  checksum: string;
  mapping: string | null;
  format: string | null;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  read: number;
  accepted: number;
  rejected: number;
  unchanged: number;
  newRecords: number;
  changedRecords: number;
  error: string | null;
}

export interface QuarantineRow {
  id: string;
  rowNumber: number;
  raw: string;
  reasons: string[];
}

export interface QualityRow {
  field: string;
  rowsTotal: number;
  rowsPresent: number;
  rowsValid: number;
  rowsFlagged: number;
  distinctValues: number | null;
  duplicateValues: number | null;
}

const LOAD_COLUMNS = `id::text as id, feed, file_name as "fileName", checksum, mapping, format, status,
  started_at as "startedAt", finished_at as "finishedAt", read_count as read, accepted_count as accepted,
  rejected_count as rejected, unchanged_count as unchanged, new_count as "newRecords",
  changed_count as "changedRecords", error`;

/** Reads of loads, their quarantined rows and data-quality metrics, keyset-paginated by id. */
@Injectable()
export class FeedLoadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; `beforeId` is the last id of the previous page. Fetches one extra to know if more follow. */
  async loads(limit: number, beforeId: string | null, feed: string | null): Promise<FeedLoadRow[]> {
    return this.dataSource.query<FeedLoadRow[]>(
      `select ${LOAD_COLUMNS} from feed_load
       where ($2::bigint is null or id < $2::bigint) and ($3::text is null or feed = $3)
       order by id desc limit $1`,
      [limit, beforeId, feed],
    );
  }

  async load(id: string): Promise<FeedLoadRow | null> {
    const rows = await this.dataSource.query<FeedLoadRow[]>(
      `select ${LOAD_COLUMNS} from feed_load where id = $1::bigint`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** In file order; `after` is the (row number, id) of the last row of the previous page. */
  async quarantine(
    loadId: string,
    limit: number,
    after: { rowNumber: number; id: string } | null,
  ): Promise<QuarantineRow[]> {
    return this.dataSource.query<QuarantineRow[]>(
      `select id::text as id, row_number as "rowNumber", raw, reasons from quarantine_row
       where load_id = $1::bigint and ($3::integer is null or (row_number, id) > ($3::integer, $4::bigint))
       order by row_number, id limit $2`,
      [loadId, limit, after?.rowNumber ?? null, after?.id ?? null],
    );
  }

  async quality(loadId: string): Promise<QualityRow[]> {
    return this.dataSource.query<QualityRow[]>(
      `select field, rows_total as "rowsTotal", rows_present as "rowsPresent", rows_valid as "rowsValid",
              rows_flagged as "rowsFlagged", distinct_values as "distinctValues", duplicate_values as "duplicateValues"
       from data_quality_metric where load_id = $1::bigint order by field`,
      [loadId],
    );
  }
}

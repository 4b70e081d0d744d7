import { Inject, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { withClient } from '../person-index/pg-bulk';

export interface PaymentExportCounts {
  rows: number;
  linked: number;
  unlinked: number;
}

/**
 * `export payments`: CSV payment_id,placement_id,method,confidence for every current payment,
 * streamed by COPY. An unlinked payment (including one finance marked as paying no placement)
 * has all three blank.
 */
@Injectable()
export class PaymentExportService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async exportPayments(out: Writable): Promise<PaymentExportCounts> {
    return withClient(this.dataSource, async (client) => {
      const counts = await client.query<PaymentExportCounts>(
        `select count(*)::int as rows, count(placement_id)::int as linked, (count(*) - count(placement_id))::int as unlinked from payment`,
      );
      const stream = client.query(
        copyTo(`copy (
                  select payment_id, placement_id,
                    case when placement_id is not null then link_method end as method,
                    case when placement_id is not null then trim_scale(link_confidence) end as confidence
                  from payment order by payment_id)
                to stdout with (format csv, header true)`),
      );
      await pipeline(stream, out);
      return counts.rows[0] ?? { rows: 0, linked: 0, unlinked: 0 };
    });
  }
}

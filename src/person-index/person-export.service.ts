import { Inject, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { withClient } from './pg-bulk';
import { PersonIndexRepository } from './person-index.repository';
import { PERSON_FEEDS } from './person-feeds';

/** `export persons`: CSV feed,source_id,person_id for every active person-feed record, streamed by COPY. */
@Injectable()
export class PersonExportService {
  constructor(@Inject(PersonIndexRepository) private readonly repo: PersonIndexRepository) {}

  async exportPersons(out: Writable): Promise<{ rows: number; unlinked: number }> {
    return withClient(this.repo.dataSource, async (client) => {
      const counts = await client.query<{ rows: number; unlinked: number }>(
        `select count(*)::int rows, count(*) filter (where pl.person_id is null)::int unlinked
           from source_record s left join person_link pl on pl.feed = s.feed and pl.source_id = s.source_id
          where s.is_current and s.feed = any($1::text[])`,
        [PERSON_FEEDS],
      );
      const feeds = PERSON_FEEDS.map((f) => `'${f}'`).join(', ');
      // A record not linked yet gets a blank person_id rather than disappearing from the export.
      const stream = client.query(
        copyTo(`copy (select s.feed, s.source_id, pl.person_id
                        from source_record s left join person_link pl on pl.feed = s.feed and pl.source_id = s.source_id
                       where s.is_current and s.feed in (${feeds}) order by s.feed, s.source_id)
                to stdout with (format csv, header true)`),
      );
      await pipeline(stream, out);
      return counts.rows[0] ?? { rows: 0, unlinked: 0 };
    });
  }
}

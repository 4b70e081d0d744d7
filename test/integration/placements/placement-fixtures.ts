import type { DataSource } from 'typeorm';

/** Small factories for the source records placements and payments are built from. */
export interface ChildRow {
  la_child_id: string;
  forename: string;
  surname: string;
  allocated_team?: string;
}

export type PlacementRow = {
  placement_id: string;
  la_child_id: string;
  start_date: string;
  end_date?: string;
  placement_type: string;
  provider_id: string;
  provider_name: string;
};

export type PaymentRow = {
  payment_id: string;
  provider_id?: string;
  provider_name?: string;
  placement_ref?: string;
  client_ref?: string;
  client_name?: string;
  period_start: string;
  period_end: string;
  amount_gbp: string;
  weekly_rate_gbp?: string;
  paid_on?: string;
};

export class PlacementFixtures {
  private loadId: string | null = null;

  constructor(private readonly dataSource: DataSource) {}

  private async load(): Promise<string> {
    if (this.loadId === null) {
      const [row] = await this.dataSource.query<[{ id: string }]>(
        `insert into feed_load (feed, file_name, checksum, status) values ('test', 'fixtures', 'x', 'running') returning id`,
      );
      this.loadId = row.id;
    }
    return this.loadId;
  }

  private async records(
    feed: string,
    rows: readonly Record<string, string | undefined>[],
    sourceId: (row: Record<string, string | undefined>) => string,
    identity: (row: Record<string, string | undefined>) => { forename: string | null; surname: string | null } = () => ({
      forename: null,
      surname: null,
    }),
  ): Promise<void> {
    if (rows.length === 0) return;
    const loadId = await this.load();
    // a reload of a source id is a new current version, as the feed loader does it
    await this.dataSource.query(
      `update source_record set is_current = false where feed = $1 and source_id = any($2::text[]) and is_current`,
      [feed, rows.map(sourceId)],
    );
    await this.dataSource.query(
      `insert into source_record (feed, source_id, version, is_current, load_id, row_number, content_hash, payload, std, forename, surname)
       select $1, r.source_id,
         coalesce((select max(version) from source_record s where s.feed = $1 and s.source_id = r.source_id), 0) + 1,
         true, $2, r.n, md5(r.payload::text), r.payload, '{}'::jsonb, r.forename, r.surname
       from unnest($3::text[], $4::jsonb[], $5::text[], $6::text[]) with ordinality as r(source_id, payload, forename, surname, n)`,
      [
        feed,
        loadId,
        rows.map(sourceId),
        rows.map((r) => JSON.stringify(r)),
        rows.map((r) => identity(r).forename),
        rows.map((r) => identity(r).surname),
      ],
    );
  }

  children(rows: readonly ChildRow[]): Promise<void> {
    return this.records(
      'csc-children',
      rows.map((r) => ({ ...r })),
      (r) => r.la_child_id ?? '',
      (r) => ({ forename: r.forename?.toUpperCase() ?? null, surname: r.surname?.toUpperCase() ?? null }),
    );
  }

  placements(rows: readonly PlacementRow[]): Promise<void> {
    return this.records('csc-placements', rows, (r) => r.placement_id ?? '');
  }

  payments(rows: readonly PaymentRow[]): Promise<void> {
    return this.records('finance-payments', rows, (r) => r.payment_id ?? '');
  }

  /** Puts csc-children records into one person, as the person index would. */
  async samePerson(personId: string, laChildIds: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `insert into person (id, number, status, created_at, updated_at) values ($1, $2, 'active', now(), now())
       on conflict do nothing`,
      [personId, personId.replace(/\D/g, '') || '1'],
    );
    await this.dataSource.query(
      `insert into person_link (feed, source_id, source_record_id, person_id, rule_set_version, method, linked_at)
       select 'csc-children', sr.source_id, sr.id, $1, 'test', 'manual', now()
       from source_record sr where sr.feed = 'csc-children' and sr.is_current and sr.source_id = any($2::text[])`,
      [personId, laChildIds],
    );
  }
}

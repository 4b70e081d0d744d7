import { DataSource } from 'typeorm';
import { generateCouncil, type GenerateSummary } from '../src/generator/council-generator';
import type { CouncilSink } from '../src/generator/council-sink';
import { columnsOf, type GeneratedFile } from '../src/generator/model';
import { nameTokens } from '../src/linkage/standardise/names';
import { PlacementRefreshService } from '../src/placements/placement-refresh.service';
import { PaymentLinkingService, type LinkPaymentsResult } from '../src/placements/payment-linking.service';

/** Keeps the three feeds placements need, and the payment truth, as row objects. */
class PlacementFeedsSink implements CouncilSink {
  readonly rows = new Map<GeneratedFile, Record<string, string>[]>();
  private static readonly KEPT: readonly GeneratedFile[] = [
    'csc-children',
    'csc-placements',
    'finance-payments',
    'truth/payments',
  ];

  row(file: GeneratedFile, values: readonly string[]): void {
    if (!PlacementFeedsSink.KEPT.includes(file)) return;
    const columns = columnsOf(file);
    const row: Record<string, string> = {};
    columns.forEach((c, i) => {
      const v = values[i] ?? '';
      if (v !== '') row[c] = v;
    });
    const list = this.rows.get(file) ?? [];
    list.push(row);
    this.rows.set(file, list);
  }
  async drain(): Promise<void> {}
  async close(): Promise<void> {}
}

export interface GeneratedPlacementData {
  summary: GenerateSummary;
  /** payment_id → the placement it truly pays ('' when it pays none the council holds). */
  truth: Map<string, string>;
  counts: { children: number; placements: number; payments: number };
}

const standardised = (value: string | undefined): string | null => {
  const tokens = nameTokens(value);
  return tokens.length ? tokens.join(' ') : null;
};

/**
 * Generates a council and loads its children, placements and payments as current source records
 * (payload as read; identity fields standardised with the linkage core), as the feed loader would.
 * Multi-row inserts of 5,000 rows per statement. The feed_load rows are left 'running': this
 * bypasses the feed loader's validation and counts, so it does not claim a completed load.
 */
export async function loadGeneratedPlacementData(
  dataSource: DataSource,
  options: { children: number; seed: string | number },
): Promise<GeneratedPlacementData> {
  const sink = new PlacementFeedsSink();
  const summary = await generateCouncil({ children: options.children, seed: options.seed }, sink);
  const feeds: { feed: string; file: GeneratedFile; id: string }[] = [
    { feed: 'csc-children', file: 'csc-children', id: 'la_child_id' },
    { feed: 'csc-placements', file: 'csc-placements', id: 'placement_id' },
    { feed: 'finance-payments', file: 'finance-payments', id: 'payment_id' },
  ];
  for (const { feed, file, id } of feeds) {
    const rows = sink.rows.get(file) ?? [];
    const [load] = await dataSource.query<[{ id: string }]>(
      `insert into feed_load (feed, file_name, checksum, status) values ($1, 'generated', $2, 'running') returning id`,
      [feed, String(options.seed)],
    );
    for (let from = 0; from < rows.length; from += 5000) {
      const chunk = rows.slice(from, from + 5000);
      await dataSource.query(
        `insert into source_record (feed, source_id, version, load_id, row_number, content_hash, payload, std, forename, surname, alt_surnames)
         select $1, r.source_id, 1, $2, $3::int + r.n::int, md5(r.payload::text), r.payload, '{}'::jsonb, r.forename, r.surname,
           case when r.former is null then null else array[r.former] end
         from unnest($4::text[], $5::jsonb[], $6::text[], $7::text[], $8::text[]) with ordinality as r(source_id, payload, forename, surname, former, n)
         on conflict do nothing`,
        [
          feed,
          load.id,
          from,
          chunk.map((r) => r[id] ?? ''),
          chunk.map((r) => JSON.stringify(r)),
          chunk.map((r) => (feed === 'csc-children' ? standardised(r.forename) : null)),
          chunk.map((r) => (feed === 'csc-children' ? standardised(r.surname) : null)),
          chunk.map((r) => (feed === 'csc-children' ? standardised(r.former_surname) : null)),
        ],
      );
    }
  }
  const truth = new Map(
    (sink.rows.get('truth/payments') ?? []).map((r) => [r.payment_id ?? '', r.placement_id ?? '']),
  );
  return {
    summary,
    truth,
    counts: {
      children: sink.rows.get('csc-children')?.length ?? 0,
      placements: sink.rows.get('csc-placements')?.length ?? 0,
      payments: sink.rows.get('finance-payments')?.length ?? 0,
    },
  };
}

export interface PaymentLinkAccuracy {
  payments: number;
  withTruePlacement: number;
  linkedRight: number;
  linkedWrong: number;
  /** Payments that pay no placement the council holds, yet were linked to one. */
  linkedWithoutTruePlacement: number;
  unmatched: number;
  recall: number;
  wrongRate: number;
  byMethod: Record<string, { right: number; wrong: number }>;
}

/** Compares the links in `payment` with the generator's truth. */
export async function measurePaymentLinks(
  dataSource: DataSource,
  truth: Map<string, string>,
): Promise<PaymentLinkAccuracy> {
  const rows = await dataSource.query<
    { payment_id: string; placement_id: string | null; link_method: string | null }[]
  >(`select payment_id, placement_id, link_method from payment`);
  let withTruePlacement = 0;
  let linkedRight = 0;
  let linkedWrong = 0;
  let linkedWithoutTruePlacement = 0;
  let unmatched = 0;
  const byMethod: Record<string, { right: number; wrong: number }> = {};
  for (const r of rows) {
    const expected = truth.get(r.payment_id) ?? '';
    if (expected) withTruePlacement++;
    if (r.placement_id === null) {
      unmatched++;
      continue;
    }
    const method = (byMethod[r.link_method ?? 'none'] ??= { right: 0, wrong: 0 });
    if (r.placement_id === expected) {
      linkedRight++;
      method.right++;
    } else {
      linkedWrong++;
      method.wrong++;
      if (!expected) linkedWithoutTruePlacement++;
    }
  }
  return {
    payments: rows.length,
    withTruePlacement,
    linkedRight,
    linkedWrong,
    linkedWithoutTruePlacement,
    unmatched,
    recall: withTruePlacement ? linkedRight / withTruePlacement : 1,
    wrongRate: rows.length ? linkedWrong / rows.length : 0,
    byMethod,
  };
}

export function linkingServices(dataSource: DataSource): PaymentLinkingService {
  return new PaymentLinkingService(dataSource, new PlacementRefreshService(dataSource));
}

export type { LinkPaymentsResult };

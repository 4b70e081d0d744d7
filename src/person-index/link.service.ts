import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { inTransaction, rowsOf } from './pg-bulk';
import { PersonIndexRepository, type LinkRow, type NewEvent } from './person-index.repository';
import { PERSON_LINKAGE, type PersonLinkage } from './person-linkage';
import { assignStableIds } from './stable-ids';
import { personNumberOf } from './person-id';
import { orderedPair, refKey, type RecordRef } from './person-feeds';
import type { RecordTable } from './record-table';
import {
  IncrementalMatchService,
  INCREMENTAL_MAX_RECORDS,
  INCREMENTAL_MAX_SHARE,
  type MatchContext,
} from './incremental-match.service';

export interface LinkOptions {
  /** Retrain and relink every record. */
  full?: boolean;
  /** Progress lines (stderr in the CLI); counts only, never record contents. */
  onProgress?: (message: string) => void;
  /** Called with freshly trained parameters (the CLI saves them as JSON beside the rule set). */
  onTrained?: (parameters: unknown) => void;
}

export interface LinkRunSummary {
  runId: string;
  mode: 'full' | 'batch' | 'incremental';
  ruleSetVersion: string;
  dataVersion: string;
  trained: boolean;
  records: number;
  persons: number;
  personsCreated: number;
  personsMerged: number;
  personsRetired: number;
  linksChanged: number;
  reviewItemsOpened: number;
  counts: Record<string, number>;
  timingsMs: Record<string, number>;
}

/**
 * `childlink link`: links every active person-feed record into persons in one transaction, obeying
 * every override, keeping ids stable, recording rule-set version, score and method of each link,
 * and writing the person events to the outbox in the same transaction.
 */
@Injectable()
export class LinkService {
  constructor(
    @Inject(PersonIndexRepository) private readonly repo: PersonIndexRepository,
    @Inject(PERSON_LINKAGE) private readonly linkage: PersonLinkage,
    @Inject(IncrementalMatchService) private readonly incremental: IncrementalMatchService,
  ) {}

  async link(options: LinkOptions = {}): Promise<LinkRunSummary> {
    const progress = options.onProgress ?? (() => undefined);
    const started = performance.now();
    const timingsMs: Record<string, number> = {};
    const lap = (name: string, since: number): number => {
      const now = performance.now();
      timingsMs[name] = Math.round(now - since);
      return now;
    };
    return inTransaction(this.repo.dataSource, async (client) => {
      await this.repo.lockIndex(client);
      // Set-based statements over the whole index (links and events of hundreds of thousands of
      // records) are planned with PostgreSQL's default cost of a random page read, not the
      // embedded server's 1.1 meant for per-request probes. bench person-index, 450,000 children,
      // one run each (this machine's speed drifts by ±15%): server-wide 1.1, link 116.7 s (writing
      // links 34.1 s); server-wide 4, 98.0 s (23.0 s); 1.1 with this setting, 110.1 s (27.5 s).
      await client.query('set local random_page_cost = 4');
      const { records, maxId } = await this.repo.countActiveRecords(client);
      const dataVersion = `${records}:${maxId}`;
      const run = await rowsOf<{ id: string }>(
        client,
        `insert into link_run (mode, rule_set_version, data_version) values ('batch', $1, $2) returning id::text`,
        [this.linkage.ruleSetVersion, dataVersion],
      );
      const runId = run[0]?.id ?? '';
      let t = performance.now();

      let mode: LinkRunSummary['mode'] = options.full ? 'full' : 'batch';
      let pending: string[] = [];
      if (!options.full) {
        const linked = await rowsOf<{ n: number }>(client, `select count(*)::int n from person_link`);
        pending = await this.repo.pendingSourceRecordIds(client);
        const small =
          pending.length <= Math.max(INCREMENTAL_MAX_RECORDS, Math.floor(records * INCREMENTAL_MAX_SHARE));
        // Links made under another rule-set version are all redone by a batch run.
        const stale = await rowsOf<{ stale: boolean }>(
          client,
          `select exists (select 1 from person_link where rule_set_version <> $1) stale`,
          [this.linkage.ruleSetVersion],
        );
        if ((linked[0]?.n ?? 0) > 0 && small && !stale[0]?.stale) mode = 'incremental';
      }

      let trained = false;
      let parameters = options.full ? null : await this.cachedParameters(client);
      let table: RecordTable | null = null;
      if (mode !== 'incremental' || parameters === null) {
        table = await this.repo.loadRecordTable(client);
        t = lap('load', t);
        progress(`loaded ${table.size} records`);
      }
      if (parameters === null) {
        progress('training (u by random sampling, m by EM)');
        parameters = await this.linkage.train(table ?? (await this.repo.loadRecordTable(client)));
        await client.query(
          `insert into linkage_parameters (rule_set_version, data_version, parameters) values ($1, $2, $3)
           on conflict (rule_set_version, data_version) do update set parameters = excluded.parameters, trained_at = now()`,
          [this.linkage.ruleSetVersion, dataVersion, JSON.stringify(parameters)],
        );
        trained = true;
        options.onTrained?.(parameters);
        t = lap('train', t);
      }

      let summary: Omit<
        LinkRunSummary,
        'runId' | 'mode' | 'ruleSetVersion' | 'dataVersion' | 'trained' | 'timingsMs'
      >;
      if (mode === 'incremental') {
        progress(`matching ${pending.length} new or changed records against the index`);
        summary = await this.linkIncrementally(client, pending, { runId, parameters });
        lap('match', t);
      } else {
        summary = await this.linkBatch(
          client,
          table ?? (await this.repo.loadRecordTable(client)),
          parameters,
          runId,
          progress,
          timingsMs,
        );
      }
      timingsMs.total = Math.round(performance.now() - started);
      await client.query(
        `update link_run set mode = $2, status = 'completed', finished_at = now(), records = $3, persons = $4,
            counts = $5, timings_ms = $6 where id = $1`,
        [
          runId,
          mode,
          summary.records,
          summary.persons,
          JSON.stringify({ ...summary.counts, trained: trained ? 1 : 0 }),
          JSON.stringify(timingsMs),
        ],
      );
      return {
        runId,
        mode,
        ruleSetVersion: this.linkage.ruleSetVersion,
        dataVersion,
        trained,
        timingsMs,
        ...summary,
      };
    });
  }

  /** The newest parameters trained for this rule-set version (any data version): a plain run reuses them. */
  private async cachedParameters(client: PoolClient): Promise<unknown> {
    const rows = await rowsOf<{ parameters: unknown }>(
      client,
      `select parameters from linkage_parameters where rule_set_version = $1 order by trained_at desc limit 1`,
      [this.linkage.ruleSetVersion],
    );
    return rows[0]?.parameters ?? null;
  }

  private async linkIncrementally(client: PoolClient, pending: readonly string[], context: MatchContext) {
    const counts: Record<string, number> = { attached: 0, created: 0, review: 0, unchanged: 0, moved: 0 };
    for (const sourceRecordId of pending) {
      const outcome = await this.incremental.matchWithin(client, sourceRecordId, context);
      counts[outcome.action] = (counts[outcome.action] ?? 0) + 1;
    }
    const persons = await rowsOf<{ n: number }>(
      client,
      `select count(*)::int n from person where status = 'active'`,
    );
    return {
      records: pending.length,
      persons: persons[0]?.n ?? 0,
      personsCreated: counts.created ?? 0,
      personsMerged: 0,
      personsRetired: 0,
      linksChanged: (counts.attached ?? 0) + (counts.created ?? 0) + (counts.moved ?? 0),
      reviewItemsOpened: counts.review ?? 0,
      counts,
    };
  }

  private async linkBatch(
    client: PoolClient,
    table: RecordTable,
    parameters: unknown,
    runId: string,
    progress: (message: string) => void,
    timingsMs: Record<string, number>,
  ) {
    let t = performance.now();
    const lap = (name: string): void => {
      const now = performance.now();
      timingsMs[name] = Math.round(now - t);
      t = now;
    };
    const indexOf = new Map<string, number>();
    for (let i = 0; i < table.size; i++)
      indexOf.set(refKey({ feed: table.feed[i] ?? '', sourceId: table.sourceId[i] ?? '' }), i);
    const mustLink: Array<[number, number]> = [];
    const mustNotLink: Array<[number, number]> = [];
    for (const o of await this.repo.activeOverrides(client)) {
      const a = indexOf.get(refKey(o.a));
      const b = indexOf.get(refKey(o.b));
      if (a === undefined || b === undefined) continue;
      (o.kind === 'must_link' ? mustLink : mustNotLink).push([a, b]);
    }
    const previous = await this.repo.loadLinks(client);
    lap('overrides_and_links');
    progress(
      `scoring and clustering (${mustLink.length} must-link, ${mustNotLink.length} must-not-link overrides)`,
    );
    const result = await this.linkage.linkBatch(table, parameters, { mustLink, mustNotLink });
    for (const [name, ms] of Object.entries(result.timingsMs)) timingsMs[`core_${name}`] = ms;
    lap('link');

    // Stable ids (stable-ids.ts): a cluster joining whole old persons keeps the oldest id; otherwise largest overlap, ties to the older.
    const previousPersonOf: Array<string | null> = new Array<string | null>(table.size);
    for (let i = 0; i < table.size; i++) {
      previousPersonOf[i] =
        previous.get(refKey({ feed: table.feed[i] ?? '', sourceId: table.sourceId[i] ?? '' }))?.personId ??
        null;
    }
    const stable = assignStableIds({
      clusterOf: result.clusterOf,
      clusterCount: result.clusterCount,
      previousPersonOf,
      ageOf: personNumberOf,
    });
    const needNew = stable.idOfCluster.filter((id) => id === null).length;
    const fresh = await this.repo.allocatePersonIds(client, needNew);
    const createdIds = new Set(fresh);
    let next = 0;
    const idOfCluster = stable.idOfCluster.map((id) => id ?? (fresh[next++] as string));

    const rows: LinkRow[] = new Array<LinkRow>(table.size);
    const events: NewEvent[] = [];
    const recordsOfNew = new Map<string, Array<RecordRef & { from?: string }>>();
    const splitInto = new Map<string, Set<string>>();
    let linksChanged = 0;
    for (let i = 0; i < table.size; i++) {
      const personId = idOfCluster[result.clusterOf[i] ?? 0] as string;
      const ref: RecordRef = { feed: table.feed[i] ?? '', sourceId: table.sourceId[i] ?? '' };
      const probability = result.probability[i] ?? NaN;
      const weight = result.weight[i] ?? NaN;
      rows[i] = {
        feed: ref.feed,
        sourceId: ref.sourceId,
        sourceRecordId: table.sourceRecordId[i] ?? '',
        personId,
        probability: Number.isFinite(probability) ? probability : null,
        weight: Number.isFinite(weight) ? weight : null,
        method: result.method[i] ?? 'singleton',
      };
      const before = previous.get(refKey(ref));
      // A new person's records are listed in its `created` event rather than one event each:
      // a first run over a million records writes one event per person, not per record.
      if (createdIds.has(personId)) {
        const list = recordsOfNew.get(personId) ?? [];
        list.push(before && before.personId !== personId ? { ...ref, from: before.personId } : ref);
        recordsOfNew.set(personId, list);
      }
      if (!before) {
        if (!createdIds.has(personId))
          events.push({ personId, type: 'record_added', payload: { record: ref, method: rows[i]?.method } });
        linksChanged++;
      } else if (before.personId !== personId) {
        events.push({
          personId: before.personId,
          type: 'record_removed',
          payload: { record: ref, to: personId },
        });
        if (!createdIds.has(personId)) {
          events.push({
            personId,
            type: 'record_added',
            payload: { record: ref, from: before.personId, method: rows[i]?.method },
          });
        }
        if (createdIds.has(personId)) {
          const set = splitInto.get(before.personId) ?? new Set<string>();
          set.add(personId);
          splitInto.set(before.personId, set);
        }
        linksChanged++;
      } else if (before.sourceRecordId !== rows[i]?.sourceRecordId) {
        events.push({
          personId,
          type: 'golden_changed',
          payload: { record: ref, sourceRecordId: rows[i]?.sourceRecordId },
        });
      }
    }
    // Created events first, so a consumer meets each person before its records.
    const created: NewEvent[] = [];
    for (const [personId, records] of recordsOfNew)
      created.push({ personId, type: 'created', payload: { records, runId } });
    // Records that left the feeds (no longer active) leave their person.
    const active = new Set(indexOf.keys());
    for (const [key, link] of previous) {
      if (active.has(key)) continue;
      const [feed = '', sourceId = ''] = key.split('\u0000');
      events.push({
        personId: link.personId,
        type: 'record_removed',
        payload: { record: { feed, sourceId }, reason: 'no longer active' },
      });
      linksChanged++;
    }
    const merges = stable.absorbed.map((a) => ({
      personId: a.personId,
      into: idOfCluster[a.intoCluster] as string,
    }));
    for (const m of merges) {
      events.push({ personId: m.into, type: 'merged', payload: { from: m.personId, runId } });
      events.push({ personId: m.personId, type: 'merged', payload: { into: m.into, runId } });
    }
    for (const [from, into] of splitInto) {
      if (merges.some((m) => m.personId === from)) continue;
      events.push({ personId: from, type: 'split', payload: { into: [...into], runId } });
    }
    // Built after every push above: removals, merges and splits are history too.
    const ordered = created.concat(events);
    lap('assign');

    await this.repo.replaceLinks(client, rows, this.linkage.ruleSetVersion, runId, previous.size === 0);
    lap('write_links');
    await this.repo.markMerged(client, merges);
    const retired = await this.repo.retireEmptyPersons(client);
    lap('write_persons');
    await this.repo.insertEvents(client, ordered, runId);
    lap('write_events');
    const reviewItemsOpened = await this.writeReviewItems(
      client,
      table,
      result.review,
      idOfCluster,
      result.clusterOf,
      runId,
    );
    lap('review');
    progress(
      `${idOfCluster.length} persons (${fresh.length} new, ${merges.length} merged), ${reviewItemsOpened} review items opened`,
    );
    return {
      records: table.size,
      persons: idOfCluster.length,
      personsCreated: fresh.length,
      personsMerged: merges.length,
      personsRetired: retired.length,
      linksChanged,
      reviewItemsOpened,
      counts: {
        ...result.counts,
        overridesMustLink: mustLink.length,
        overridesMustNotLink: mustNotLink.length,
      },
    };
  }

  /**
   * Opens a review item for each review-band pair left in different persons, unless the pair is
   * already open or decided; open items whose pair is now in one person are superseded.
   */
  private async writeReviewItems(
    client: PoolClient,
    table: RecordTable,
    review: BatchReviewPairs,
    idOfCluster: readonly string[],
    clusterOf: Int32Array,
    runId: string,
  ): Promise<number> {
    const cols = {
      fa: [] as string[],
      sa: [] as string[],
      ra: [] as string[],
      fb: [] as string[],
      sb: [] as string[],
      rb: [] as string[],
      p: [] as number[],
      w: [] as number[],
      e: [] as string[],
    };
    for (const pair of review) {
      if (idOfCluster[clusterOf[pair.a] ?? 0] === idOfCluster[clusterOf[pair.b] ?? 0]) continue;
      const refA: RecordRef = { feed: table.feed[pair.a] ?? '', sourceId: table.sourceId[pair.a] ?? '' };
      const refB: RecordRef = { feed: table.feed[pair.b] ?? '', sourceId: table.sourceId[pair.b] ?? '' };
      const [first, second] = orderedPair(refA, refB);
      const [ia, ib] = first === refA ? [pair.a, pair.b] : [pair.b, pair.a];
      cols.fa.push(first.feed);
      cols.sa.push(first.sourceId);
      cols.ra.push(table.sourceRecordId[ia] ?? '');
      cols.fb.push(second.feed);
      cols.sb.push(second.sourceId);
      cols.rb.push(table.sourceRecordId[ib] ?? '');
      cols.p.push(pair.probability);
      cols.w.push(pair.weight);
      cols.e.push(JSON.stringify(pair.explanation ?? null));
    }
    await client.query(
      `update review_item r set status = 'superseded'
         from person_link la, person_link lb
        where r.status = 'open' and la.feed = r.feed_a and la.source_id = r.source_id_a
          and lb.feed = r.feed_b and lb.source_id = r.source_id_b and la.person_id = lb.person_id`,
    );
    if (cols.fa.length === 0) return 0;
    const inserted = await client.query(
      `insert into review_item (feed_a, source_id_a, source_record_id_a, feed_b, source_id_b, source_record_id_b,
          match_probability, match_weight, explanation, rule_set_version, run_id)
       select n.fa, n.sa, n.ra, n.fb, n.sb, n.rb, n.p, n.w, n.e, $10, $11
         from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::float8[], $8::float8[], $9::jsonb[])
              n(fa, sa, ra, fb, sb, rb, p, w, e)
        where not exists (select 1 from review_item r where r.feed_a = n.fa and r.source_id_a = n.sa
                             and r.feed_b = n.fb and r.source_id_b = n.sb and r.status in ('open', 'accepted', 'rejected'))`,
      [
        cols.fa,
        cols.sa,
        cols.ra,
        cols.fb,
        cols.sb,
        cols.rb,
        cols.p,
        cols.w,
        cols.e,
        this.linkage.ruleSetVersion,
        runId,
      ],
    );
    return inserted.rowCount ?? 0;
  }
}

type BatchReviewPairs = ReadonlyArray<{
  a: number;
  b: number;
  probability: number;
  weight: number;
  explanation: unknown;
}>;

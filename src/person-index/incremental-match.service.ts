import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { inTransaction, rowsOf } from './pg-bulk';
import { PersonIndexRepository, type LinkRow, type NewEvent } from './person-index.repository';
import { PERSON_LINKAGE, type CandidateScore, type PersonLinkage } from './person-linkage';
import { isPersonFeed, orderedPair, PERSON_FEEDS, type RecordRef } from './person-feeds';
import { personNumberOf } from './person-id';
import type { LinkMethod } from './entities/person-link.entity';
import { appendRecordRow, emptyRecordTable, RECORD_TABLE_COLUMNS } from './record-table';
import { PersonIndexErrorCode, PersonIndexException } from './person-index.exception';

export interface MatchContext {
  runId: string | null;
  parameters: unknown;
}

export interface LoadMatchResult {
  records: number;
  /** Why the load was left to the next link run, or null when matched. */
  skipped: string | null;
  counts: Record<string, number>;
}

/** A load bigger than this (and than 5% of the index) is better linked by a batch run. */
export const INCREMENTAL_MAX_RECORDS = 1000;
export const INCREMENTAL_MAX_SHARE = 0.05;

export interface MatchOutcome {
  action: 'attached' | 'created' | 'review' | 'unchanged' | 'moved';
  personId: string;
  probability: number | null;
  candidates: number;
}

const FEEDS_SQL = PERSON_FEEDS.map((f) => `'${f}'`).join(', ');

/** Most records one blocking branch may return: a common name or a busy postcode cannot flood the matcher. */
export const BRANCH_LIMIT = { identifier: 20, birthDate: 100, names: 50, postcode: 30 } as const;

/**
 * Records that share a blocking key with the new record: one UNION ALL of tight probes, each
 * answered by one index that holds every column it compares, each capped, the ranked ones nearest
 * the birth date first. NHS number and UPN are looked up in source_record's own indexes; the name,
 * birth-date and postcode keys in person_block_key (migration 1795560650000), which holds them for
 * linked records only: a record with no person adds nothing to the persons below, so a record
 * not yet linked neither blocks nor takes a branch's place. The keys mirror child.yaml's blocking
 * rules (NHS number; UPN or former UPN; birth date — or its day/month swap — with a phonetic
 * surname, former/preferred surname or forename; phonetic forename and surname within a year of
 * the birth year; postcode with phonetic forename), so the matcher sees what a batch run would
 * have compared. Widened to every record of the persons they belong to, so constraints are checked
 * against the whole person, not only the records that happened to block. Sent as a named prepared
 * statement: parsed and planned once per connection.
 *
 * $1 record id, $2 NHS number, $3 UPN, $4 former UPN, $5 birth dates (with the swap), $6 surnames
 * (current and alternative), $7 surname, $8 forename, $9 birth date, $10 postcode, $11 feed, $12 source id.
 */
const CANDIDATES_SQL = `
  with blocked as (
    (select s.feed, s.source_id from source_record s
      where s.is_current and s.nhs_number = $2 limit ${BRANCH_LIMIT.identifier})
    union all
    (select s.feed, s.source_id from source_record s
      where s.is_current and s.upn = $3 limit ${BRANCH_LIMIT.identifier})
    union all
    (select s.feed, s.source_id from source_record s
      where s.is_current and s.upn = $4 limit ${BRANCH_LIMIT.identifier})
    union all
    (select k.feed, k.source_id from person_block_key k
      where k.dob = any($5::date[]) and k.surname_dm = any(array(select dmetaphone(x) from unnest($6::text[]) x))
        and (k.surname_dm = dmetaphone($7) or k.surname = any($6::text[]))
      limit ${BRANCH_LIMIT.birthDate})
    union all
    (select k.feed, k.source_id from person_block_key k
      where k.dob = any($5::date[]) and k.forename_dm = dmetaphone($8)
      limit ${BRANCH_LIMIT.birthDate})
    union all
    (select k.feed, k.source_id from person_block_key k
      where cardinality(k.alt_surnames) > 0 and k.dob = any($5::date[]) and $7 = any(k.alt_surnames)
      limit ${BRANCH_LIMIT.birthDate})
    union all
    (select k.feed, k.source_id from person_block_key k
      where k.surname is not null and k.surname_dm = dmetaphone($7) and k.forename_dm = dmetaphone($8)
        and k.dob >= date_trunc('year', $9::date) - interval '1 year' and k.dob < date_trunc('year', $9::date) + interval '2 years'
      order by abs(k.dob - $9::date) limit ${BRANCH_LIMIT.names})
    union all
    (select k.feed, k.source_id from person_block_key k
      where k.postcode = $10 and k.forename_dm = dmetaphone($8)
      order by abs(k.dob - $9::date) nulls last limit ${BRANCH_LIMIT.postcode})
  ),
  persons as (
    select pl.person_id from blocked b join person_link pl on pl.feed = b.feed and pl.source_id = b.source_id
    union
    select pl.person_id from person_link pl where pl.feed = $11 and pl.source_id = $12
  )
  select ${RECORD_TABLE_COLUMNS}, pl.person_id from persons p
    join person_link pl on pl.person_id = p.person_id
    join source_record s on s.feed = pl.feed and s.source_id = pl.source_id and s.is_current
   where s.id <> $1 and s.feed in (${FEEDS_SQL})`;

/** The record itself, by id (a plain prepared select: COPY costs a round trip more for one row). */
const SUBJECT_SQL = `select ${RECORD_TABLE_COLUMNS} from source_record s where s.id = $1 and s.is_current and s.feed in (${FEEDS_SQL})`;

/** The record's current person and the steward's overrides naming it, in one round trip. */
const OVERRIDES_SQL = `
  select 'current' kind, null feed, null source_id, pl.person_id from person_link pl where pl.feed = $1 and pl.source_id = $2
  union all
  select o.kind, o.other_feed, o.other_id, pl.person_id from (
      select kind, feed_b other_feed, source_id_b other_id from person_override where active and feed_a = $1 and source_id_a = $2
      union all
      select kind, feed_a, source_id_a from person_override where active and feed_b = $1 and source_id_b = $2) o
    left join person_link pl on pl.feed = o.other_feed and pl.source_id = o.other_id`;

/**
 * Matches one new or changed record against the index in milliseconds: candidates by indexed
 * blocking keys, scored by the linkage core, then attached, queued for review or made a new
 * person, obeying cannot-link rules and the steward's overrides.
 */
@Injectable()
export class IncrementalMatchService {
  constructor(
    @Inject(PersonIndexRepository) private readonly repo: PersonIndexRepository,
    @Inject(PERSON_LINKAGE) private readonly linkage: PersonLinkage,
  ) {}

  /** One record in its own transaction, with the newest trained parameters. */
  async matchRecord(sourceRecordId: string): Promise<MatchOutcome> {
    return inTransaction(this.repo.dataSource, async (client) => {
      await this.repo.lockIndex(client);
      const parameters = await this.parameters(client);
      return this.matchWithin(client, sourceRecordId, { runId: null, parameters });
    });
  }

  /** Matches the given records one by one in one transaction (after a feed load). */
  async matchRecords(sourceRecordIds: readonly string[]): Promise<MatchOutcome[]> {
    if (sourceRecordIds.length === 0) return [];
    return inTransaction(this.repo.dataSource, async (client) => {
      await this.repo.lockIndex(client);
      const parameters = await this.parameters(client);
      const outcomes: MatchOutcome[] = [];
      for (const id of sourceRecordIds) outcomes.push(await this.matchWithin(client, id, { runId: null, parameters }));
      return outcomes;
    });
  }

  /** Matches the new and changed person records of one feed load, if the index is built and the load is small. */
  async matchLoad(loadId: string, feed: string): Promise<LoadMatchResult> {
    if (!isPersonFeed(feed)) return { records: 0, skipped: 'not a person feed', counts: {} };
    return inTransaction(this.repo.dataSource, async (client) => {
      await this.repo.lockIndex(client);
      const ids = (await rowsOf<{ id: string }>(client, `select id::text from source_record where load_id = $1 and is_current order by id`, [loadId])).map((r) => r.id);
      const state = await rowsOf<{ linked: number; params: number }>(
        client,
        `select (select count(*)::int from person_link) linked,
                (select count(*)::int from linkage_parameters where rule_set_version = $1) params`,
        [this.linkage.ruleSetVersion],
      );
      const linked = state[0]?.linked ?? 0;
      if (linked === 0 || (state[0]?.params ?? 0) === 0) return { records: ids.length, skipped: 'the index is not built yet', counts: {} };
      if (ids.length > Math.max(INCREMENTAL_MAX_RECORDS, linked * INCREMENTAL_MAX_SHARE)) {
        return { records: ids.length, skipped: 'too many for record-by-record matching', counts: {} };
      }
      const parameters = await this.parameters(client);
      const counts: Record<string, number> = {};
      for (const id of ids) {
        const outcome = await this.matchWithin(client, id, { runId: null, parameters });
        counts[outcome.action] = (counts[outcome.action] ?? 0) + 1;
      }
      return { records: ids.length, skipped: null, counts };
    });
  }

  /** Parameters object is kept while the newest trained row is unchanged, so parsing happens once. */
  private cachedParameters: { key: string; parameters: unknown } | null = null;

  async parameters(client: PoolClient): Promise<unknown> {
    // The same round trip pins this transaction to generic plans: the candidate statement is then
    // planned once per connection (its custom plan took longer to make than to run at 1M records).
    const keyRows = await client.query<{ key: string | null }>({
      name: 'pi_incremental_parameters_key',
      text: `select set_config('plan_cache_mode', 'force_generic_plan', true) mode,
                    (select data_version || '@' || trained_at::text from linkage_parameters
                      where rule_set_version = $1 order by trained_at desc limit 1) key`,
      values: [this.linkage.ruleSetVersion],
    });
    const key = keyRows.rows[0]?.key;
    if (key && this.cachedParameters?.key === key) return this.cachedParameters.parameters;
    const rows = await rowsOf<{ parameters: unknown }>(
      client,
      `select parameters from linkage_parameters where rule_set_version = $1 order by trained_at desc limit 1`,
      [this.linkage.ruleSetVersion],
    );
    const parameters = rows[0]?.parameters;
    if (parameters === undefined || !key) {
      throw new PersonIndexException(PersonIndexErrorCode.PersonNotFound, 'no trained parameters yet: run `childlink link` first');
    }
    this.cachedParameters = { key, parameters };
    return parameters;
  }

  async matchWithin(client: PoolClient, sourceRecordId: string, context: MatchContext): Promise<MatchOutcome> {
    const subject = emptyRecordTable();
    const subjectRows = await client.query<Array<string | null>>({ name: 'pi_incremental_subject', text: SUBJECT_SQL, rowMode: 'array', values: [sourceRecordId] });
    for (const r of subjectRows.rows) appendRecordRow(subject, r);
    if (subject.size !== 1) throw new PersonIndexException(PersonIndexErrorCode.RecordNotLinked, `no active record ${sourceRecordId}`);
    const ref: RecordRef = { feed: subject.feed[0] ?? '', sourceId: subject.sourceId[0] ?? '' };
    const dob = subject.dob[0] ?? null;
    // Day and month swapped (only when the day could be a month): a common keying error.
    const swapped = dob && Number(dob.slice(8, 10)) <= 12 && dob.slice(8, 10) !== dob.slice(5, 7) ? `${dob.slice(0, 4)}-${dob.slice(8, 10)}-${dob.slice(5, 7)}` : null;
    const surname = subject.surname[0] ?? null;
    const surnames = [...(surname ? [surname] : []), ...(subject.altSurnames[0] ?? [])];
    // One round trip: candidate records with their identity columns and their person.
    const blocked = await client.query<Array<string | null>>({
      name: 'pi_incremental_candidates',
      text: CANDIDATES_SQL,
      rowMode: 'array',
      values: [
        sourceRecordId,
        subject.nhsNumber[0] ?? null,
        subject.upn[0] ?? null,
        subject.formerUpn[0] ?? null,
        [dob, swapped].filter((d): d is string => d !== null),
        surnames,
        surname,
        subject.forename[0] ?? null,
        dob,
        subject.postcode[0] ?? null,
        ref.feed,
        ref.sourceId,
      ],
    });
    const candidates = emptyRecordTable();
    const personOf = new Map<string, string>();
    for (const row of blocked.rows) {
      appendRecordRow(candidates, row);
      const personId = row[row.length - 1];
      if (personId) personOf.set(`${row[1]}\u0000${row[2]}`, personId);
    }
    const linked = await client.query<{ kind: string; feed: string | null; source_id: string | null; person_id: string | null }>({
      name: 'pi_incremental_overrides',
      text: OVERRIDES_SQL,
      values: [ref.feed, ref.sourceId],
    });
    const currentRow = linked.rows.find((o) => o.kind === 'current');
    if (currentRow?.person_id) personOf.set(`${ref.feed}\u0000${ref.sourceId}`, currentRow.person_id);
    const current = personOf.get(`${ref.feed}\u0000${ref.sourceId}`) ?? null;
    const overrides = linked.rows.filter((o) => o.kind !== 'current');
    const forbidden = new Set(overrides.filter((o) => o.kind === 'must_not_link' && o.person_id).map((o) => o.person_id as string));
    const required = overrides.filter((o) => o.kind === 'must_link' && o.person_id).map((o) => o.person_id as string);

    const scores = candidates.size ? this.linkage.scoreCandidates(subject, 0, candidates, context.parameters) : [];
    const byPerson = new Map<string, { best: CandidateScore | null; deterministic: boolean; blocked: boolean }>();
    for (const score of scores) {
      const personId = personOf.get(`${candidates.feed[score.candidate]}\u0000${candidates.sourceId[score.candidate]}`);
      if (!personId) continue;
      const entry = byPerson.get(personId) ?? { best: null, deterministic: false, blocked: false };
      if (score.cannotLink) entry.blocked = true;
      if (score.deterministic) entry.deterministic = true;
      if (!entry.best || score.probability > entry.best.probability) entry.best = score;
      byPerson.set(personId, entry);
    }
    const { link, review } = this.linkage.thresholds;
    let chosen: { personId: string; score: CandidateScore | null; method: LinkMethod } | null = null;
    const mustJoin = required.filter((p) => !forbidden.has(p)).sort((a, b) => personNumberOf(a) - personNumberOf(b))[0];
    if (mustJoin) {
      chosen = { personId: mustJoin, score: byPerson.get(mustJoin)?.best ?? null, method: 'manual' };
    } else {
      const eligible = [...byPerson.entries()]
        .filter(([personId, e]) => !e.blocked && !forbidden.has(personId) && e.best && (e.deterministic || e.best.probability >= link))
        .sort(([pa, a], [pb, b]) => Number(b.deterministic) - Number(a.deterministic) || (b.best?.probability ?? 0) - (a.best?.probability ?? 0) || personNumberOf(pa) - personNumberOf(pb));
      const top = eligible[0];
      if (top) chosen = { personId: top[0], score: top[1].best, method: top[1].deterministic ? 'deterministic' : 'probabilistic' };
    }

    const events: NewEvent[] = [];
    const row = (personId: string, score: CandidateScore | null, method: LinkMethod) => ({
      feed: ref.feed,
      sourceId: ref.sourceId,
      sourceRecordId,
      personId,
      probability: score?.probability ?? null,
      weight: score?.weight ?? null,
      method,
    });
    // The link is written with the events in one statement at the end, unless the record leaves a
    // person that may now be empty (the emptiness check must see the link moved).
    let pending: LinkRow | null = null;
    let outcome: MatchOutcome;
    const currentBlocked = current ? byPerson.get(current)?.blocked === true || forbidden.has(current) : false;
    if (chosen && chosen.personId === current) {
      pending = row(current, chosen.score, chosen.method);
      events.push({ personId: current, type: 'golden_changed', payload: { record: ref, sourceRecordId } });
      outcome = { action: 'unchanged', personId: current, probability: chosen.score?.probability ?? null, candidates: candidates.size };
    } else if (chosen) {
      pending = row(chosen.personId, chosen.score, chosen.method);
      events.push({ personId: chosen.personId, type: 'record_added', payload: { record: ref, from: current, method: chosen.method } });
      if (current) {
        await this.repo.upsertLink(client, pending, this.linkage.ruleSetVersion, context.runId);
        pending = null;
        events.push({ personId: current, type: 'record_removed', payload: { record: ref, to: chosen.personId } });
        await this.mergeIfEmpty(client, current, chosen.personId, events);
      }
      outcome = { action: current ? 'moved' : 'attached', personId: chosen.personId, probability: chosen.score?.probability ?? null, candidates: candidates.size };
    } else if (current && !currentBlocked) {
      pending = row(current, null, 'singleton');
      events.push({ personId: current, type: 'golden_changed', payload: { record: ref, sourceRecordId } });
      outcome = { action: 'unchanged', personId: current, probability: null, candidates: candidates.size };
    } else {
      const [personId = ''] = await this.repo.allocatePersonIds(client, 1);
      pending = row(personId, null, 'singleton');
      events.push({ personId, type: 'created', payload: { records: 1 } }, { personId, type: 'record_added', payload: { record: ref, from: current, method: 'singleton' } });
      if (current) {
        await this.repo.upsertLink(client, pending, this.linkage.ruleSetVersion, context.runId);
        pending = null;
        events.push({ personId: current, type: 'split', payload: { into: [personId], records: [ref] } });
        await this.mergeIfEmpty(client, current, personId, events);
      }
      outcome = { action: 'created', personId, probability: null, candidates: candidates.size };
    }
    // The best person it did not join, if in the review band, goes to a steward.
    const contender = [...byPerson.entries()]
      .filter(([personId, e]) => personId !== outcome.personId && !e.blocked && !forbidden.has(personId) && e.best && e.best.probability >= review)
      .sort(([, a], [, b]) => (b.best?.probability ?? 0) - (a.best?.probability ?? 0))[0];
    if (contender?.[1].best) {
      const score = contender[1].best;
      const otherRef: RecordRef = { feed: candidates.feed[score.candidate] ?? '', sourceId: candidates.sourceId[score.candidate] ?? '' };
      const opened = await this.openReviewItem(client, ref, sourceRecordId, otherRef, candidates.sourceRecordId[score.candidate] ?? '', score, context.runId);
      if (opened && outcome.action === 'created') outcome = { ...outcome, action: 'review' };
    }
    if (pending) await this.writeLinkAndEvents(client, pending, events, context.runId);
    else await this.repo.insertEvents(client, events, context.runId);
    return outcome;
  }

  /** The decision in one round trip: the link (as `PersonIndexRepository.upsertLink` writes it) and its events. */
  private async writeLinkAndEvents(client: PoolClient, link: LinkRow, events: readonly NewEvent[], runId: string | null): Promise<void> {
    await client.query({
      name: 'pi_incremental_write',
      text: `with link as (
               insert into person_link (feed, source_id, source_record_id, person_id, rule_set_version, match_probability, match_weight, method, run_id)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
               on conflict (feed, source_id) do update set
                 source_record_id = excluded.source_record_id, person_id = excluded.person_id,
                 rule_set_version = excluded.rule_set_version, match_probability = excluded.match_probability,
                 match_weight = excluded.match_weight, method = excluded.method, run_id = excluded.run_id, linked_at = now())
             insert into person_event (person_id, type, payload, run_id)
             select person_id, type, payload, $9 from unnest($10::text[], $11::text[], $12::jsonb[]) e(person_id, type, payload)`,
      values: [
        link.feed,
        link.sourceId,
        link.sourceRecordId,
        link.personId,
        this.linkage.ruleSetVersion,
        link.probability,
        link.weight,
        link.method,
        runId,
        events.map((e) => e.personId),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.payload)),
      ],
    });
  }

  private async mergeIfEmpty(client: PoolClient, personId: string, into: string, events: NewEvent[]): Promise<void> {
    const left = await rowsOf<{ n: number }>(client, `select count(*)::int n from person_link where person_id = $1`, [personId]);
    if ((left[0]?.n ?? 0) > 0) return;
    await this.repo.markMerged(client, [{ personId, into }]);
    events.push({ personId: into, type: 'merged', payload: { from: personId } }, { personId, type: 'merged', payload: { into } });
  }

  private async openReviewItem(
    client: PoolClient,
    a: RecordRef,
    aRecordId: string,
    b: RecordRef,
    bRecordId: string,
    score: CandidateScore,
    runId: string | null,
  ): Promise<boolean> {
    const [first] = orderedPair(a, b);
    const [x, xId, y, yId] = first === a ? [a, aRecordId, b, bRecordId] : [b, bRecordId, a, aRecordId];
    const result = await client.query(
      `insert into review_item (feed_a, source_id_a, source_record_id_a, feed_b, source_id_b, source_record_id_b,
          match_probability, match_weight, explanation, rule_set_version, run_id)
       select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
        where not exists (select 1 from review_item where feed_a = $1 and source_id_a = $2 and feed_b = $4 and source_id_b = $5
                             and status in ('open', 'accepted', 'rejected'))`,
      [x.feed, x.sourceId, xId, y.feed, y.sourceId, yId, score.probability, score.weight, JSON.stringify(score.explain() ?? null), this.linkage.ruleSetVersion, runId],
    );
    return (result.rowCount ?? 0) > 0;
  }
}

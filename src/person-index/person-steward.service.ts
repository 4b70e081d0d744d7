import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { inTransaction, rowsOf } from './pg-bulk';
import { PersonIndexRepository, type NewEvent } from './person-index.repository';
import { orderedPair, refKey, type RecordRef } from './person-feeds';
import { olderOf, personNumberOf } from './person-id';
import { PersonIndexErrorCode, PersonIndexException } from './person-index.exception';
import type { OverrideDecision } from './entities/person-override.entity';

/** Who made a manual decision and why; both are kept with the override and the events. */
export interface StewardDecision {
  actor: string;
  reason: string;
}

function requireReason(decision: StewardDecision): void {
  if (decision.reason.trim() === '') throw new PersonIndexException(PersonIndexErrorCode.ReasonRequired, 'a reason is required');
}

function refs(rows: ReadonlyArray<{ feed: string; source_id: string }>): RecordRef[] {
  return rows.map((r) => ({ feed: r.feed, sourceId: r.source_id }));
}

/**
 * Manual link, unlink, merge and split, and review decisions. Each one is applied at once and
 * stored as overrides (must-link / must-not-link between source records) that every later link
 * run obeys; the person events go in the same transaction.
 */
/** Most records one split may name. */
export const MAX_SPLIT_RECORDS = 10_000;

@Injectable()
export class PersonStewardService {
  constructor(@Inject(PersonIndexRepository) private readonly repo: PersonIndexRepository) {}

  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.repo.dataSource, async (client) => {
      await this.repo.lockIndex(client);
      return work(client);
    });
  }

  private async activePerson(client: PoolClient, id: string): Promise<string> {
    const resolved = await this.repo.resolvePersonId(client, id);
    if (!resolved || resolved.status !== 'active') {
      throw new PersonIndexException(PersonIndexErrorCode.PersonNotFound, `no active person ${id}`);
    }
    return resolved.id;
  }

  private async personOf(client: PoolClient, ref: RecordRef): Promise<string> {
    const rows = await rowsOf<{ person_id: string }>(
      client,
      `select person_id from person_link where feed = $1 and source_id = $2`,
      [ref.feed, ref.sourceId],
    );
    const personId = rows[0]?.person_id;
    if (!personId) throw new PersonIndexException(PersonIndexErrorCode.RecordNotLinked, `record ${ref.feed}/${ref.sourceId} is not linked`);
    return personId;
  }

  private async members(client: PoolClient, personId: string): Promise<RecordRef[]> {
    return refs(
      await rowsOf<{ feed: string; source_id: string }>(
        client,
        `select feed, source_id from person_link where person_id = $1 order by feed, source_id`,
        [personId],
      ),
    );
  }

  private async moveLinks(client: PoolClient, records: readonly RecordRef[], to: string): Promise<void> {
    await client.query(
      `update person_link pl set person_id = $3, method = 'manual', linked_at = now(), run_id = null
         from unnest($1::text[], $2::text[]) r(feed, source_id)
        where pl.feed = r.feed and pl.source_id = r.source_id`,
      [records.map((r) => r.feed), records.map((r) => r.sourceId), to],
    );
  }

  /**
   * Refuses to put two groups of records in one person when DESIGN.md says they can never be one
   * child, whatever a steward believes: a sealed pre-adoption identity (std.sealed_pre_adoption,
   * set at ingest) with a post-adoption one, or two different valid NHS numbers (invalid ones are
   * already null). The same hard rules bind later link runs (HARD_CANNOT_LINK_RULES).
   */
  private async assertLinkable(client: PoolClient, left: readonly RecordRef[], right: readonly RecordRef[]): Promise<void> {
    const rows = await rowsOf<{ side: number; sealed: boolean; nhs_number: string | null }>(
      client,
      `select r.side, coalesce((s.std->>'sealed_pre_adoption')::boolean, false) sealed, s.nhs_number
         from unnest($1::text[], $2::text[], $3::int[]) r(feed, source_id, side)
         join source_record s on s.feed = r.feed and s.source_id = r.source_id and s.is_current`,
      [
        [...left, ...right].map((r) => r.feed),
        [...left, ...right].map((r) => r.sourceId),
        [...left.map(() => 0), ...right.map(() => 1)],
      ],
    );
    const sides = [0, 1].map((side) => rows.filter((r) => r.side === side));
    const [l = [], r = []] = sides;
    const sealedOn = (xs: typeof rows) => new Set(xs.map((x) => x.sealed));
    const ls = sealedOn(l);
    const rs = sealedOn(r);
    if ((ls.has(true) && rs.has(false)) || (ls.has(false) && rs.has(true))) {
      throw new PersonIndexException(
        PersonIndexErrorCode.ForbiddenLink,
        'a sealed pre-adoption identity can never be linked to a post-adoption one',
      );
    }
    const nhs = (xs: typeof rows) => new Set(xs.flatMap((x) => (x.nhs_number ? [x.nhs_number] : [])));
    const ln = nhs(l);
    const rn = nhs(r);
    if ([...ln].some((a) => [...rn].some((b) => a !== b))) {
      throw new PersonIndexException(PersonIndexErrorCode.ForbiddenLink, 'records with different NHS numbers can never be one person');
    }
  }

  /** Merges two persons; the older id survives and the other redirects to it. */
  async mergePersons(firstId: string, secondId: string, decision: StewardDecision): Promise<string> {
    requireReason(decision);
    return this.transaction((client) => this.merge(client, firstId, secondId, decision, 'merge'));
  }

  private async merge(
    client: PoolClient,
    firstId: string,
    secondId: string,
    decision: StewardDecision,
    kind: OverrideDecision,
  ): Promise<string> {
    const first = await this.activePerson(client, firstId);
    const second = await this.activePerson(client, secondId);
    if (first === second) throw new PersonIndexException(PersonIndexErrorCode.SamePerson, 'both ids are the same person');
    const survivor = olderOf(first, second);
    const absorbed = survivor === first ? second : first;
    const kept = await this.members(client, survivor);
    const moved = await this.members(client, absorbed);
    await this.assertLinkable(client, kept, moved);
    const reason = decision.reason;
    await this.repo.withdrawOverridesBetween(client, 'must_not_link', kept, moved, decision.actor, reason);
    // Every record is tied to one anchor, so later runs keep the whole merged person together
    // even where a rule (say, a cannot-link) would have split it: the steward's word wins.
    const anchor = kept[0];
    if (anchor) {
      const tied = [...kept.slice(1), ...moved].map((m) => orderedPair(anchor, m));
      await this.repo.insertOverrides(client, 'must_link', tied, kind, decision.actor, reason);
    }
    await this.moveLinks(client, moved, survivor);
    await this.repo.markMerged(client, [{ personId: absorbed, into: survivor }]);
    await this.repo.insertEvents(
      client,
      [
        { personId: survivor, type: 'merged', payload: { from: absorbed, records: moved, by: decision.actor, reason } },
        { personId: absorbed, type: 'merged', payload: { into: survivor, records: moved, by: decision.actor, reason } },
      ],
      null,
    );
    return survivor;
  }

  /**
   * Splits the named records off a person. The larger part keeps the id (on a tie, the part not
   * named). If the part that leaves is what an earlier merge brought in, that person's id comes
   * back, so merge then split restores the ids as they were.
   */
  async splitPerson(personId: string, records: readonly RecordRef[], decision: StewardDecision): Promise<{ kept: string; created: string }> {
    requireReason(decision);
    // Bound the request before any set is built from it.
    if (records.length > MAX_SPLIT_RECORDS)
      throw new PersonIndexException(PersonIndexErrorCode.InvalidSplit, `a split names at most ${MAX_SPLIT_RECORDS} records`);
    return this.transaction((client) => this.split(client, personId, records, decision, 'split'));
  }

  private async split(
    client: PoolClient,
    personId: string,
    named: readonly RecordRef[],
    decision: StewardDecision,
    kind: OverrideDecision,
  ): Promise<{ kept: string; created: string }> {
    const person = await this.activePerson(client, personId);
    const members = await this.members(client, person);
    const memberKeys = new Set(members.map(refKey));
    const namedKeys = new Set(named.map(refKey));
    if (namedKeys.size === 0 || [...namedKeys].some((k) => !memberKeys.has(k)) || namedKeys.size >= members.length) {
      throw new PersonIndexException(
        PersonIndexErrorCode.InvalidSplit,
        'name some, but not all, of the records of the person to split off',
      );
    }
    const part = members.filter((m) => namedKeys.has(refKey(m)));
    const rest = members.filter((m) => !namedKeys.has(refKey(m)));
    const [stay, move] = part.length > rest.length ? [part, rest] : [rest, part];
    const restored = await this.previouslyMerged(client, person, move);
    const newId = restored ?? (await this.repo.allocatePersonIds(client, 1))[0];
    if (!newId) throw new Error('no person id allocated');
    if (restored) {
      await client.query(`update person set status = 'active', redirect_to = null, updated_at = now() where id = $1`, [restored]);
    }
    await this.moveLinks(client, move, newId);
    await this.repo.withdrawOverridesBetween(client, 'must_link', stay, move, decision.actor, decision.reason);
    const apart: Array<[RecordRef, RecordRef]> = [];
    for (const s of stay) for (const m of move) apart.push(orderedPair(s, m));
    await this.repo.insertOverrides(client, 'must_not_link', apart, kind, decision.actor, decision.reason);
    const events: NewEvent[] = [
      { personId: person, type: 'split', payload: { into: newId, records: move, by: decision.actor, reason: decision.reason } },
    ];
    if (!restored) events.push({ personId: newId, type: 'created', payload: { from: person, records: move.length } });
    events.push({ personId: newId, type: 'split', payload: { from: person, records: move, restored: Boolean(restored) } });
    await this.repo.insertEvents(client, events, null);
    return { kept: person, created: newId };
  }

  /** A person merged into this one whose merged records are most of the part leaving, if any. */
  private async previouslyMerged(client: PoolClient, into: string, move: readonly RecordRef[]): Promise<string | null> {
    const rows = await rowsOf<{ id: string; records: RecordRef[] }>(
      client,
      `select distinct on (p.id) p.id, e.payload->'records' records
         from person p join person_event e on e.person_id = p.id and e.type = 'merged' and e.payload->>'into' = p.redirect_to
        where p.status = 'merged' and p.redirect_to = $1
        order by p.id, e.id desc`,
      [into],
    );
    const moving = new Set(move.map(refKey));
    let best: { id: string; overlap: number } | null = null;
    for (const row of rows) {
      const overlap = (row.records ?? []).filter((r) => moving.has(refKey(r))).length;
      // Restore only when the merged person's records are more than half of what leaves.
      if (overlap * 2 <= move.length) continue;
      if (!best || overlap > best.overlap || (overlap === best.overlap && personNumberOf(row.id) < personNumberOf(best.id))) {
        best = { id: row.id, overlap };
      }
    }
    return best?.id ?? null;
  }

  /** Takes one record out of its person into a person of its own, and keeps it apart from the rest. */
  async unlinkRecord(record: RecordRef, decision: StewardDecision): Promise<{ kept: string; created: string }> {
    requireReason(decision);
    return this.transaction(async (client) => {
      const person = await this.personOf(client, record);
      return this.split(client, person, [record], decision, 'unlink');
    });
  }

  /**
   * Puts record `b` in the person of record `a`, and keeps it apart from the rest of its old
   * person. An old person left empty redirects to the new one.
   */
  async linkRecords(a: RecordRef, b: RecordRef, decision: StewardDecision): Promise<string> {
    requireReason(decision);
    return this.transaction((client) => this.link(client, a, b, decision, 'link'));
  }

  private async link(client: PoolClient, a: RecordRef, b: RecordRef, decision: StewardDecision, kind: OverrideDecision): Promise<string> {
    if (refKey(a) === refKey(b)) throw new PersonIndexException(PersonIndexErrorCode.SamePerson, 'a record cannot be linked to itself');
    const target = await this.personOf(client, a);
    const source = await this.personOf(client, b);
    const targetMembers = await this.members(client, target);
    if (target !== source) await this.assertLinkable(client, targetMembers, [b]);
    await this.repo.withdrawOverridesBetween(client, 'must_not_link', [b], targetMembers, decision.actor, decision.reason);
    await this.repo.insertOverrides(client, 'must_link', [orderedPair(a, b)], kind, decision.actor, decision.reason);
    if (target === source) return target;
    const left = (await this.members(client, source)).filter((m) => refKey(m) !== refKey(b));
    await this.repo.insertOverrides(client, 'must_not_link', left.map((m) => orderedPair(b, m)), kind, decision.actor, decision.reason);
    await this.moveLinks(client, [b], target);
    const events: NewEvent[] = [
      { personId: source, type: 'record_removed', payload: { record: b, to: target, by: decision.actor, reason: decision.reason } },
      { personId: target, type: 'record_added', payload: { record: b, from: source, method: 'manual', by: decision.actor, reason: decision.reason } },
    ];
    if (left.length === 0) {
      await this.repo.markMerged(client, [{ personId: source, into: target }]);
      events.push(
        { personId: target, type: 'merged', payload: { from: source, records: [b], by: decision.actor, reason: decision.reason } },
        { personId: source, type: 'merged', payload: { into: target, records: [b], by: decision.actor, reason: decision.reason } },
      );
    }
    await this.repo.insertEvents(client, events, null);
    return target;
  }

  /** Accepting a review item says the two records are one child: their persons are merged. */
  async acceptReview(itemId: string, decision: StewardDecision): Promise<string> {
    requireReason(decision);
    return this.transaction(async (client) => {
      const item = await this.decide(client, itemId, 'accepted', decision);
      await this.repo.insertOverrides(client, 'must_link', [[item.a, item.b]], 'review_accept', decision.actor, decision.reason);
      const first = await this.personOf(client, item.a);
      const second = await this.personOf(client, item.b);
      if (first === second) return first;
      return this.merge(client, first, second, decision, 'review_accept');
    });
  }

  /** Rejecting says they are different children: a must-not-link every later run obeys. */
  async rejectReview(itemId: string, decision: StewardDecision): Promise<void> {
    requireReason(decision);
    await this.transaction(async (client) => {
      const item = await this.decide(client, itemId, 'rejected', decision);
      await this.repo.withdrawOverridesBetween(client, 'must_link', [item.a], [item.b], decision.actor, decision.reason);
      await this.repo.insertOverrides(client, 'must_not_link', [[item.a, item.b]], 'review_reject', decision.actor, decision.reason);
    });
  }

  private async decide(
    client: PoolClient,
    itemId: string,
    status: 'accepted' | 'rejected',
    decision: StewardDecision,
  ): Promise<{ a: RecordRef; b: RecordRef }> {
    if (!/^\d+$/.test(itemId)) throw new PersonIndexException(PersonIndexErrorCode.ReviewItemNotFound, `no review item ${itemId}`);
    const rows = await rowsOf<{ status: string; feed_a: string; source_id_a: string; feed_b: string; source_id_b: string }>(
      client,
      `select status, feed_a, source_id_a, feed_b, source_id_b from review_item where id = $1 for update`,
      [itemId],
    );
    const row = rows[0];
    if (!row) throw new PersonIndexException(PersonIndexErrorCode.ReviewItemNotFound, `no review item ${itemId}`);
    if (row.status !== 'open') throw new PersonIndexException(PersonIndexErrorCode.ReviewItemClosed, `review item ${itemId} is ${row.status}`);
    await client.query(
      `update review_item set status = $2, decided_by = $3, decided_at = now(), reason = $4 where id = $1`,
      [itemId, status, decision.actor, decision.reason],
    );
    return { a: { feed: row.feed_a, sourceId: row.source_id_a }, b: { feed: row.feed_b, sourceId: row.source_id_b } };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PersonIndexRepository } from './person-index.repository';
import { rowsOf } from './pg-bulk';
import type { PersonSourceRecord } from './person-feeds';
import { SOURCE_RECORD_COLUMNS, sourceRecordFromRow, type SourceRecordRow } from './source-record-row';
import { goldenRecord, type GoldenRecord } from './survivorship';
import { PersonIndexErrorCode, PersonIndexException } from './person-index.exception';
import type { LinkMethod } from './entities/person-link.entity';
import type { PersonEventType } from './entities/person-event.entity';
import type { ReviewStatus } from './entities/review-item.entity';
import { standardiseName } from '../linkage/standardise';
import { AccessErrorCode, AccessException } from '../access/access.exception';

/** Bounds on a name search (see searchChildren). */
export const MAX_NAME_TOKENS = 5;
export const MAX_NAME_TOKEN_LENGTH = 50;

export interface PersonSummary {
  id: string;
  /** The id asked for when it redirected here. */
  requestedId: string;
  status: string;
  createdAt: Date;
}

export interface PersonLinkView {
  feed: string;
  sourceId: string;
  sourceRecordId: string;
  ruleSetVersion: string;
  matchProbability: number | null;
  matchWeight: number | null;
  method: LinkMethod;
  linkedAt: Date;
}

/** Everything known about one child: the golden record, its source records and how each was linked. */
export interface CombinedRecord {
  person: PersonSummary;
  golden: GoldenRecord;
  records: PersonSourceRecord[];
  links: PersonLinkView[];
}

export interface PersonEventView {
  id: string;
  personId: string;
  type: PersonEventType;
  payload: Record<string, unknown>;
  runId: string | null;
  createdAt: Date;
}

export interface ChildSearch {
  name?: string | null;
  dob?: string | null;
  /** NHS number, UPN, a source id or a person id. */
  identifier?: string | null;
  first: number;
  /** Cursor: the last person id of the previous page. */
  after?: string | null;
}

export interface ChildSearchPage {
  persons: Array<{ id: string; golden: GoldenRecord; recordCount: number }>;
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface ReviewItemView {
  id: string;
  status: ReviewStatus;
  matchProbability: number;
  matchWeight: number;
  explanation: unknown;
  ruleSetVersion: string;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  recordA: PersonSourceRecord;
  recordB: PersonSourceRecord;
  personA: string | null;
  personB: string | null;
}


/**
 * Reads of the person index, shaped for reuse: the steward's GraphQL uses them as they are, the
 * access layer filters their output per role. Lists are loaded with one query per page, never one
 * per person.
 */
@Injectable()
export class PersonQueryService {
  constructor(@Inject(PersonIndexRepository) private readonly repo: PersonIndexRepository) {}

  private get db() {
    return this.repo.dataSource;
  }

  /** The person an id (old or current) resolves to, or null. */
  async resolve(id: string): Promise<PersonSummary | null> {
    const resolved = await this.repo.resolvePersonId(this.db, id);
    if (!resolved) return null;
    const rows = await rowsOf<{ created_at: Date }>(this.db, `select created_at from person where id = $1`, [resolved.id]);
    return { id: resolved.id, requestedId: id, status: resolved.status, createdAt: rows[0]?.created_at ?? new Date(0) };
  }

  async getCombinedRecord(personId: string): Promise<CombinedRecord> {
    const person = await this.resolve(personId);
    if (!person) throw new PersonIndexException(PersonIndexErrorCode.PersonNotFound, `no person ${personId}`);
    const [records, links] = await Promise.all([
      this.repo.recordsOfPersons(this.db, [person.id]).then((m) => m.get(person.id) ?? []),
      this.linksOf([person.id]).then((m) => m.get(person.id) ?? []),
    ]);
    return { person, golden: goldenRecord(records), records, links };
  }

  /** Golden records of many persons in one query (for lists and DataLoaders). */
  async goldenRecords(personIds: readonly string[]): Promise<Map<string, { golden: GoldenRecord; records: PersonSourceRecord[] }>> {
    const byPerson = await this.repo.recordsOfPersons(this.db, personIds);
    const result = new Map<string, { golden: GoldenRecord; records: PersonSourceRecord[] }>();
    for (const [id, records] of byPerson) result.set(id, { golden: goldenRecord(records), records });
    return result;
  }

  async linksOf(personIds: readonly string[]): Promise<Map<string, PersonLinkView[]>> {
    const rows = await rowsOf<{
      person_id: string; feed: string; source_id: string; source_record_id: string; rule_set_version: string;
      match_probability: number | null; match_weight: number | null; method: LinkMethod; linked_at: Date;
    }>(
      this.db,
      `select person_id, feed, source_id, source_record_id::text, rule_set_version, match_probability, match_weight, method, linked_at
         from person_link where person_id = any($1::text[]) order by person_id, feed, source_id`,
      [personIds],
    );
    const result = new Map<string, PersonLinkView[]>(personIds.map((id) => [id, []]));
    for (const r of rows) {
      result.get(r.person_id)?.push({
        feed: r.feed,
        sourceId: r.source_id,
        sourceRecordId: r.source_record_id,
        ruleSetVersion: r.rule_set_version,
        matchProbability: r.match_probability,
        matchWeight: r.match_weight,
        method: r.method,
        linkedAt: r.linked_at,
      });
    }
    return result;
  }

  /** The person's events, oldest first, including those of ids merged into it. */
  async history(personId: string): Promise<PersonEventView[]> {
    const person = await this.resolve(personId);
    if (!person) throw new PersonIndexException(PersonIndexErrorCode.PersonNotFound, `no person ${personId}`);
    const rows = await rowsOf<{ id: string; person_id: string; type: PersonEventType; payload: Record<string, unknown>; run_id: string | null; created_at: Date }>(
      this.db,
      `with recursive ids(id) as (
          select $1::text
          union
          select p.id from person p join ids on p.redirect_to = ids.id)
       select e.id::text, e.person_id, e.type, e.payload, e.run_id::text, e.created_at
         from person_event e where e.person_id in (select id from ids) order by e.id`,
      [person.id],
    );
    return rows.map((r) => ({ id: r.id, personId: r.person_id, type: r.type, payload: r.payload, runId: r.run_id, createdAt: r.created_at }));
  }

  /** Children by name, birth date or identifier; cursor pagination on person id. */
  async searchChildren(search: ChildSearch): Promise<ChildSearchPage> {
    const where: string[] = ['s.is_current'];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const tokens = (standardiseName(search.name ?? null) ?? '').split(' ').filter((t) => t.length > 0);
    // Each token is a trigram scan: bound the work one request can ask for.
    if (tokens.length > MAX_NAME_TOKENS || tokens.some((t) => t.length > MAX_NAME_TOKEN_LENGTH))
      throw new AccessException(AccessErrorCode.BadInput, `name: at most ${MAX_NAME_TOKENS} words of ${MAX_NAME_TOKEN_LENGTH} characters`);
    for (const token of tokens) {
      const p = param(token);
      // Trigram similarity catches misspellings; alt_surnames finds a child by a former name.
      where.push(`(s.forename % ${p} or s.surname % ${p} or s.forename like ${p} || '%' or s.surname like ${p} || '%' or ${p} = any(s.alt_surnames))`);
    }
    // Birth date by person_block_key's index (linked records' current versions, as searched here).
    if (search.dob) where.push(`k.dob = ${param(search.dob)}::date`);
    const identifier = search.identifier?.replace(/\s+/g, '').trim();
    if (identifier) {
      const p = param(identifier.toUpperCase());
      where.push(`(s.nhs_number = ${p} or s.upn = ${p} or upper(s.source_id) = ${p} or pl.person_id = ${p})`);
    }
    if (where.length === 1) return { persons: [], endCursor: null, hasNextPage: false };
    if (search.after) where.push(`pl.person_id > ${param(search.after)}`);
    const first = Math.min(Math.max(search.first, 1), 100);
    const limit = param(first + 1);
    const rows = await rowsOf<{ person_id: string }>(
      this.db,
      `select distinct pl.person_id from source_record s
         join person_link pl on pl.feed = s.feed and pl.source_id = s.source_id${search.dob ? ' join person_block_key k on k.feed = s.feed and k.source_id = s.source_id' : ''}
        where ${where.join(' and ')} order by pl.person_id limit ${limit}`,
      params,
    );
    const ids = rows.slice(0, first).map((r) => r.person_id);
    const golden = await this.goldenRecords(ids);
    return {
      persons: ids.map((id) => ({ id, golden: golden.get(id)?.golden ?? goldenRecord([]), recordCount: golden.get(id)?.records.length ?? 0 })),
      endCursor: ids[ids.length - 1] ?? null,
      hasNextPage: rows.length > first,
    };
  }

  /** Review items (open by default), oldest first, both records side by side; cursor on id. */
  async reviewQueue(options: { status?: ReviewStatus; first: number; after?: string | null }): Promise<{ items: ReviewItemView[]; endCursor: string | null; hasNextPage: boolean }> {
    const first = Math.min(Math.max(options.first, 1), 100);
    const after = options.after && /^\d+$/.test(options.after) ? options.after : '0';
    const rows = await rowsOf<{
      id: string; status: ReviewStatus; match_probability: number; match_weight: number; explanation: unknown;
      rule_set_version: string; created_at: Date; decided_by: string | null; decided_at: Date | null; reason: string | null;
      a: string; b: string; person_a: string | null; person_b: string | null;
    }>(
      this.db,
      `select r.id::text, r.status, r.match_probability, r.match_weight, r.explanation, r.rule_set_version, r.created_at,
              r.decided_by, r.decided_at, r.reason, r.source_record_id_a::text a, r.source_record_id_b::text b,
              la.person_id person_a, lb.person_id person_b
         from review_item r
         left join person_link la on la.feed = r.feed_a and la.source_id = r.source_id_a
         left join person_link lb on lb.feed = r.feed_b and lb.source_id = r.source_id_b
        where r.status = $1 and r.id > $2 order by r.id limit $3`,
      [options.status ?? 'open', after, first + 1],
    );
    const page = rows.slice(0, first);
    const recordIds = [...new Set(page.flatMap((r) => [r.a, r.b]))];
    const records = await rowsOf<SourceRecordRow>(this.db, `select ${SOURCE_RECORD_COLUMNS} from source_record s where s.id = any($1::bigint[])`, [recordIds]);
    const byId = new Map(records.map((r) => [r.id, sourceRecordFromRow(r)]));
    const items: ReviewItemView[] = [];
    for (const r of page) {
      const recordA = byId.get(r.a);
      const recordB = byId.get(r.b);
      if (!recordA || !recordB) continue;
      items.push({
        id: r.id,
        status: r.status,
        matchProbability: r.match_probability,
        matchWeight: r.match_weight,
        explanation: r.explanation,
        ruleSetVersion: r.rule_set_version,
        createdAt: r.created_at,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at,
        reason: r.reason,
        recordA,
        recordB,
        personA: r.person_a,
        personB: r.person_b,
      });
    }
    return { items, endCursor: page[page.length - 1]?.id ?? null, hasNextPage: rows.length > first };
  }
}

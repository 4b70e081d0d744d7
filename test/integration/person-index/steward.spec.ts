import request from 'supertest';
import { createTestApp, type TestApp } from '../../support/test-app';
import { tokenFor } from '../../support/tokens';
import { PersonStewardService } from '../../../src/person-index/person-steward.service';
import { PersonQueryService } from '../../../src/person-index/person-query.service';
import { insertRecords, membersOf, ref, seedPersons, type TestRecord } from './fixtures';

const STEWARD = { actor: 'steward-1', reason: 'checked with the school and the social worker' };

// Two children, three records each; Ava's health record has a conflicting postcode.
const AVA: TestRecord[] = [
  { feed: 'csc-children', sourceId: 'C1', forename: 'AVA', surname: 'OKAFOR', dob: '2015-03-02', sex: 'F', postcode: 'LS1 4AB', nhsNumber: '9434765919', payload: { address_line1: '1 High St', updated_at: '2024-05-01' } },
  { feed: 'education-pupils', sourceId: 'E1', forename: 'AVA', surname: 'OKAFOR', dob: '2015-03-02', sex: 'F', postcode: 'LS1 4AB', upn: 'A123456789012', payload: { school_urn: '100001', school_name: 'Hill Primary', census_date: '2024-01-18' } },
  { feed: 'health-patients', sourceId: 'H1', forename: 'AVA', surname: 'OKAFOR', dob: '2015-03-02', sex: 'F', postcode: 'LS2 9ZZ', nhsNumber: '9434765919', payload: { gp_practice_code: 'B86001', registered_from: '2023-02-01' } },
];
const LEO: TestRecord[] = [
  { feed: 'csc-children', sourceId: 'C2', forename: 'LEO', surname: 'BRADLEY', dob: '2012-07-09', sex: 'M', postcode: 'LS6 1AA' },
  { feed: 'education-pupils', sourceId: 'E2', forename: 'LEO', surname: 'BRADLEY', dob: '2012-07-09', sex: 'M', postcode: 'LS6 1AA' },
];

describe('person index: steward decisions (real PostgreSQL)', () => {
  let t: TestApp;
  let steward: PersonStewardService;
  let query: PersonQueryService;
  let ava: string;
  let leo: string;

  beforeAll(async () => {
    t = await createTestApp();
    steward = t.app.get(PersonStewardService);
    query = t.app.get(PersonQueryService);
    await insertRecords(t.db.dataSource, [...AVA, ...LEO]);
    [ava, leo] = (await seedPersons(t.db.dataSource, [
      AVA.map((r) => ref(r.feed, r.sourceId)),
      LEO.map((r) => ref(r.feed, r.sourceId)),
    ])) as [string, string];
  });
  afterAll(async () => {
    await t.close();
  });

  it('builds the golden record by source priority, each value with its source and the conflicts visible', async () => {
    const combined = await query.getCombinedRecord(ava);
    expect(combined.records).toHaveLength(3);
    // Address comes from social care even though health has a different postcode.
    expect(combined.golden.postcode).toMatchObject({ value: 'LS1 4AB', source: { feed: 'csc-children', sourceId: 'C1' } });
    expect(combined.golden.postcode?.alternatives).toEqual([
      { value: 'LS2 9ZZ', sources: [expect.objectContaining({ feed: 'health-patients', sourceId: 'H1' })] },
    ]);
    expect(combined.golden.nhsNumber?.source.feed).toBe('health-patients');
    expect(combined.golden.upn?.source.feed).toBe('education-pupils');
    expect(combined.golden.school?.value).toBe('100001 Hill Primary');
    expect(combined.golden.gpPractice?.value).toBe('B86001');
    expect(combined.golden.address?.value).toBe('1 High St');
  });

  it('merges into the older id, leaves a redirect, and a split of the merged part restores both ids and golden records', async () => {
    const avaBefore = await query.getCombinedRecord(ava);
    const leoBefore = await query.getCombinedRecord(leo);
    const survivor = await steward.mergePersons(leo, ava, STEWARD);
    expect(survivor).toBe(ava); // ava's id was issued first
    expect(await membersOf(t.db.dataSource, ava)).toHaveLength(5);
    expect((await query.resolve(leo))?.id).toBe(ava);

    const split = await steward.splitPerson(ava, LEO.map((r) => ref(r.feed, r.sourceId)), STEWARD);
    expect(split).toEqual({ kept: ava, created: leo });
    expect((await query.resolve(leo))?.id).toBe(leo);
    expect((await query.getCombinedRecord(ava)).golden).toEqual(avaBefore.golden);
    expect((await query.getCombinedRecord(leo)).golden).toEqual(leoBefore.golden);
    const overrides = await t.db.dataSource.query<Array<{ kind: string; active: boolean; decided_by: string; ids: string }>>(
      `select kind, active, decided_by, source_id_a || '~' || source_id_b ids from person_override order by id`,
    );
    // The merge tied every record to Ava's first record; the split withdrew the ties to Leo's
    // records (Ava's own stay) and keeps the parts apart with 2 x 3 must-not-links.
    const activeTies = overrides.filter((o) => o.kind === 'must_link' && o.active).map((o) => o.ids);
    expect(activeTies.sort()).toEqual(['C1~E1', 'C1~H1']);
    expect(overrides.filter((o) => o.kind === 'must_link' && !o.active)).toHaveLength(2);
    expect(overrides.filter((o) => o.kind === 'must_not_link' && o.active)).toHaveLength(6);
    expect(overrides.every((o) => o.decided_by === 'steward-1')).toBe(true);
  });

  it('unlinks a record into a new person, keeps it apart, and writes the history in the same transaction', async () => {
    const result = await steward.unlinkRecord(ref('health-patients', 'H1'), STEWARD);
    expect(result.kept).toBe(ava);
    expect(await membersOf(t.db.dataSource, result.created)).toEqual(['health-patients/H1']);
    const history = await query.history(ava);
    expect(history.map((e) => e.type)).toEqual(expect.arrayContaining(['merged', 'split']));
    const created = await query.history(result.created);
    expect(created.map((e) => e.type)).toEqual(['created', 'split']);
  });

  it('links a record back with a manual link; its emptied person redirects to the target', async () => {
    const alone = (await query.searchChildren({ identifier: 'H1', first: 5 })).persons[0]?.id;
    expect(alone).toBeDefined();
    const target = await steward.linkRecords(ref('csc-children', 'C1'), ref('health-patients', 'H1'), STEWARD);
    expect(target).toBe(ava);
    expect((await query.resolve(alone ?? ''))?.id).toBe(ava);
    const active = await t.db.dataSource.query<Array<{ n: number }>>(
      `select count(*)::int n from person_override where active and kind = 'must_not_link'
          and 'H1' in (source_id_a, source_id_b) and 'C1' in (source_id_a, source_id_b)`,
    );
    expect(active[0]?.n).toBe(0);
  });

  it('refuses a split that names every record, and a merge of a person with itself', async () => {
    await expect(steward.splitPerson(leo, LEO.map((r) => ref(r.feed, r.sourceId)), STEWARD)).rejects.toThrow(/some, but not all/);
    await expect(steward.mergePersons(leo, leo, STEWARD)).rejects.toThrow(/same person/);
    await expect(steward.mergePersons(leo, ava, { actor: 'x', reason: ' ' })).rejects.toThrow(/reason/);
  });

  it('accepting a review item merges the persons; rejecting one stores a must-not-link', async () => {
    const [c9, e9] = await insertRecords(t.db.dataSource, [
      { feed: 'csc-children', sourceId: 'C9', forename: 'MIA', surname: 'STONE', dob: '2016-01-01' },
      { feed: 'education-pupils', sourceId: 'E9', forename: 'MYA', surname: 'STONE', dob: '2016-01-01' },
    ]);
    const [p9, q9] = (await seedPersons(t.db.dataSource, [[ref('csc-children', 'C9')], [ref('education-pupils', 'E9')]])) as [string, string];
    const insertItem = async (): Promise<string> => {
      const rows = await t.db.dataSource.query<Array<{ id: string }>>(
        `insert into review_item (feed_a, source_id_a, source_record_id_a, feed_b, source_id_b, source_record_id_b,
            match_probability, match_weight, explanation, rule_set_version)
         values ('csc-children', 'C9', $1, 'education-pupils', 'E9', $2, 0.7, 1.2, '[]', 'test') returning id::text`,
        [c9, e9],
      );
      return rows[0]?.id ?? '';
    };
    const first = await insertItem();
    await steward.rejectReview(first, STEWARD);
    await expect(steward.rejectReview(first, STEWARD)).rejects.toThrow(/rejected/);
    const second = await insertItem();
    expect(await steward.acceptReview(second, STEWARD)).toBe(p9);
    expect((await query.resolve(q9))?.id).toBe(p9);
    const overrides = await t.db.dataSource.query<Array<{ decision: string; kind: string; active: boolean }>>(
      `select decision, kind, active from person_override where source_id_a = 'C9' order by id`,
    );
    expect(overrides).toEqual([
      { decision: 'review_reject', kind: 'must_not_link', active: false },
      { decision: 'review_accept', kind: 'must_link', active: true },
      { decision: 'review_accept', kind: 'must_link', active: true },
    ]);
  });

  describe('GraphQL', () => {
    const gql = (token: string | null, query: string, variables: Record<string, unknown> = {}) => {
      const req = request(t.app.getHttpServer()).post('/graphql');
      if (token) req.set('authorization', `Bearer ${token}`);
      return req.send({ query, variables });
    };

    it('denies other roles and anonymous callers', async () => {
      const worker = tokenFor(t.app, { role: 'social_worker', team: 'north' });
      const res = await gql(worker, `{ reviewQueue { nodes { id } } }`);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const anon = await gql(null, `{ person(id: "${ava}") { id } }`);
      expect(anon.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('finds a child by name and birth date and opens the record by an old id', async () => {
      const token = tokenFor(t.app, { role: 'data_steward' });
      const found = await gql(token, `query($s: ChildSearchInput!) { searchChildren(search: $s) { nodes { personId recordCount golden { surname { value } } } hasNextPage } }`, {
        s: { name: 'okafor', dob: '2015-03-02' },
      });
      expect(found.body.errors).toBeUndefined();
      expect(found.body.data.searchChildren.nodes).toEqual([{ personId: ava, recordCount: 3, golden: { surname: { value: 'OKAFOR' } } }]);
      const byNhs = await gql(token, `query($s: ChildSearchInput!) { searchChildren(search: $s) { nodes { personId } } }`, {
        s: { identifier: '943 476 5919' },
      });
      expect(byNhs.body.data.searchChildren.nodes).toEqual([{ personId: ava }]);

      const q9 = await t.db.dataSource.query<Array<{ id: string }>>(`select id from person where status = 'merged' order by number desc limit 1`);
      const oldId = q9[0]?.id ?? '';
      const opened = await gql(token, `{ person(id: "${oldId}") { id requestedId links { method } history { type } golden { forename { value source { feed } } } } }`);
      expect(opened.body.errors).toBeUndefined();
      expect(opened.body.data.person.requestedId).toBe(oldId);
      expect(opened.body.data.person.id).not.toBe(oldId);
      const history = (opened.body as { data: { person: { history: Array<{ type: string }> } } }).data.person.history;
      expect(history.map((e) => e.type)).toContain('merged');
    });

    it('records who made a decision from the token', async () => {
      const token = tokenFor(t.app, { role: 'data_steward', subject: 'steward-42' });
      const res = await gql(token, `mutation { unlinkRecord(record: { feed: "education-pupils", sourceId: "E2" }, reason: "different child") { kept created } }`);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.unlinkRecord.kept).toBe(leo);
      const rows = await t.db.dataSource.query<Array<{ decided_by: string; reason: string }>>(
        `select distinct decided_by, reason from person_override where decision = 'unlink' and 'E2' in (source_id_a, source_id_b)`,
      );
      expect(rows).toEqual([{ decided_by: 'steward-42', reason: 'different child' }]);
    });
  });
});

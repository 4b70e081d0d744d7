import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../support/test-app';
import { generateCouncil } from '../../../src/generator/council-generator';
import { DirectorySink } from '../../../src/generator/council-sink';
import { IngestService } from '../../../src/feeds/ingest.service';
import { LinkService } from '../../../src/person-index/link.service';
import { PersonStewardService } from '../../../src/person-index/person-steward.service';
import { PersonQueryService } from '../../../src/person-index/person-query.service';
import { checkAgainstTruth, parseTruth } from '../../../src/person-index/truth-check';
import { membersOf, ref } from './fixtures';

const STEWARD = { actor: 'steward-7', reason: 'confirmed with the family' };
const PERSON_FEEDS = ['csc-children', 'education-pupils', 'health-patients'] as const;

describe('person index: link runs on generated council data (real PostgreSQL)', () => {
  let t: TestApp;
  let dir: string;
  let link: LinkService;

  const assignment = async (): Promise<Map<string, string>> => {
    const rows = await t.db.dataSource.query<Array<{ k: string; person_id: string }>>(
      `select feed || '|' || source_id k, person_id from person_link`,
    );
    return new Map(rows.map((r) => [r.k, r.person_id]));
  };

  beforeAll(async () => {
    t = await createTestApp();
    link = t.app.get(LinkService);
    dir = mkdtempSync(join(tmpdir(), 'childlink-person-index-'));
    // generateCouncil closes the sink.
    await generateCouncil({ children: 300, seed: 'person-index-spec' }, new DirectorySink(dir));
    // Before the first link the load listener leaves everything to the batch run.
    for (const feed of PERSON_FEEDS) await t.app.get(IngestService).ingestFile(feed, join(dir, `${feed}.csv`));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links every record from scratch without labels: high pairwise F1, no siblings, twins or adoption identities merged', async () => {
    const summary = await link.link();
    expect(summary).toMatchObject({ mode: 'batch', trained: true, ruleSetVersion: expect.stringMatching(/^child-/) });
    const truth = parseTruth(readFileSync(join(dir, 'truth', 'persons.csv'), 'utf8'), readFileSync(join(dir, 'truth', 'families.csv'), 'utf8'));
    const check = checkAgainstTruth(await assignment(), truth.childOf, truth.families);
    expect(check.records).toBe(truth.childOf.size);
    // 300 children is a small sample (the 20,000-child figure is in BENCHMARKS.md).
    expect(check.f1).toBeGreaterThan(0.98);
    expect(check.precision).toBeGreaterThan(0.99);
    expect(check.personsWithSiblings).toBe(0);
    expect(check.personsWithTwins).toBe(0);
    expect(check.personsWithAdoptionIdentities).toBe(0);
    const methods = await t.db.dataSource.query<Array<{ method: string; version: string; scored: boolean }>>(
      `select distinct method, rule_set_version version, match_probability is not null scored from person_link`,
    );
    expect(methods.map((m) => m.method)).toEqual(expect.arrayContaining(['deterministic', 'probabilistic', 'singleton']));
    expect(methods.every((m) => m.version === summary.ruleSetVersion)).toBe(true);
    expect(methods.filter((m) => m.method !== 'singleton').every((m) => m.scored)).toBe(true);
    const events = await t.db.dataSource.query<Array<{ type: string; n: number }>>(`select type, count(*)::int n from person_event group by type`);
    // A first run lists each new person's records in its created event.
    expect(Object.fromEntries(events.map((e) => [e.type, e.n]))).toEqual({ created: summary.persons });
    const listed = await t.db.dataSource.query<Array<{ n: number }>>(
      `select sum(jsonb_array_length(payload->'records'))::int n from person_event where type = 'created'`,
    );
    expect(listed[0]?.n).toBe(summary.records);
  });

  it('puts review-band pairs in the queue with both records and the waterfall; an accepted pair stays merged in later runs', async () => {
    const query = t.app.get(PersonQueryService);
    const page = await query.reviewQueue({ first: 5 });
    // Fixed seed: this data set always has pairs a steward should see.
    expect(page.items.length).toBeGreaterThan(0);
    const item = page.items[0]!;
    expect(item.personA).not.toBe(item.personB);
    expect(item.recordA.sourceId).not.toBe(item.recordB.sourceId);
    const explanation = item.explanation as { comparisons: Array<{ comparison: string; label: string; weight: number }>; matchWeight: number };
    expect(explanation.comparisons.map((c) => c.comparison)).toEqual(expect.arrayContaining(['forename', 'surname', 'dob']));
    expect(explanation.matchWeight).toBeCloseTo(item.matchWeight, 6);

    const survivor = await t.app.get(PersonStewardService).acceptReview(item.id, STEWARD);
    await link.link({ full: true });
    const after = await assignment();
    expect(after.get(`${item.recordA.feed}|${item.recordA.sourceId}`)).toBe(survivor);
    expect(after.get(`${item.recordB.feed}|${item.recordB.sourceId}`)).toBe(survivor);
    expect((await query.reviewQueue({ status: 'accepted', first: 5 })).items.map((i) => i.decidedBy)).toEqual(['steward-7']);
  });

  it('a full re-run keeps every id; a manual unlink survives it', async () => {
    const before = await assignment();
    const [key] = [...before.entries()].find(([, personId]) => [...before.values()].filter((p) => p === personId).length >= 3) ?? [];
    expect(key).toBeDefined();
    const [feed, sourceId] = (key ?? '').split('|') as [typeof PERSON_FEEDS[number], string];
    const unlinked = await t.app.get(PersonStewardService).unlinkRecord(ref(feed, sourceId), STEWARD);
    const afterUnlink = await assignment();

    const summary = await link.link({ full: true });
    expect(summary).toMatchObject({ mode: 'full', trained: true, personsCreated: 0, personsMerged: 0, linksChanged: 0 });
    expect(await assignment()).toEqual(afterUnlink);
    expect(await membersOf(t.db.dataSource, unlinked.created)).toEqual([`${feed}/${sourceId}`]);
  });

  it('merge then split restores ids and golden records, and a full re-run keeps them', async () => {
    // Two persons a steward may merge: no NHS number and no sealed identity on either (those merges are refused).
    const rows = await t.db.dataSource.query<Array<{ person_id: string }>>(
      `select pl.person_id from person_link pl join source_record s on s.id = pl.source_record_id
        group by pl.person_id
       having count(*) = 2 and count(s.nhs_number) = 0 and not bool_or(coalesce((s.std->>'sealed_pre_adoption')::boolean, false))
        order by pl.person_id limit 2`,
    );
    expect(rows).toHaveLength(2);
    const [a, b] = rows.map((r) => r.person_id) as [string, string];
    const query = t.app.get(PersonQueryService);
    const goldenA = (await query.getCombinedRecord(a)).golden;
    const goldenB = (await query.getCombinedRecord(b)).golden;
    const recordsOfB = (await query.getCombinedRecord(b)).records.map((r) => ref(r.feed as typeof PERSON_FEEDS[number], r.sourceId));
    const steward = t.app.get(PersonStewardService);
    expect(await steward.mergePersons(b, a, STEWARD)).toBe(a);
    await link.link({ full: true });
    expect((await query.resolve(b))?.id).toBe(a); // the merge is an override the run obeyed
    expect(await steward.splitPerson(a, recordsOfB, STEWARD)).toEqual({ kept: a, created: b });
    await link.link({ full: true });
    expect((await query.getCombinedRecord(a)).golden).toEqual(goldenA);
    expect((await query.getCombinedRecord(b)).golden).toEqual(goldenB);
  });

  it('a new load is matched as it lands: unaffected ids stay, a changed record keeps its person, a new record joins its child', async () => {
    const before = await assignment();
    const health = readFileSync(join(dir, 'health-patients.csv'), 'utf8').trimEnd().split('\n');
    const header = health[0] ?? '';
    const columns = header.split(',');
    const at = (name: string): number => columns.indexOf(name);
    // One existing patient re-sent with a new GP practice; and a copy of another patient under a new
    // local id (a second registration): it must join the same child.
    const changed = (health[1] ?? '').split(',');
    changed[at('gp_practice_code')] = 'Y99999';
    const copy = (health[2] ?? '').split(',');
    const copiedId = copy[at('local_patient_id')] ?? '';
    copy[at('local_patient_id')] = 'HNEW0001';
    copy[at('nhs_number')] = '';
    const file = join(dir, 'health-update.csv');
    writeFileSync(file, `${header}\n${changed.join(',')}\n${copy.join(',')}\n`);
    await t.app.get(IngestService).ingestFile('health-patients', file);

    const after = await assignment();
    for (const [k, personId] of before) expect(after.get(k)).toBe(personId);
    expect(after.get('health-patients|HNEW0001')).toBe(before.get(`health-patients|${copiedId}`));
    const changedId = changed[at('local_patient_id')] ?? '';
    const linkRow = await t.db.dataSource.query<Array<{ current: boolean }>>(
      `select s.is_current current from person_link pl join source_record s on s.id = pl.source_record_id
        where pl.feed = 'health-patients' and pl.source_id = $1`,
      [changedId],
    );
    expect(linkRow).toEqual([{ current: true }]);
    const history = await t.app.get(PersonQueryService).history(before.get(`health-patients|${changedId}`) ?? '');
    expect(history.map((e) => e.type)).toContain('golden_changed');

    // Nothing pending: a plain run is incremental and changes nothing.
    const summary = await link.link();
    expect(summary).toMatchObject({ mode: 'incremental', records: 0, linksChanged: 0 });
  });
  it('a batch run writes its removals to the history outbox (a record that left the feeds)', async () => {
    const before = await assignment();
    const [key, personId] = [...before.entries()].find(([, p]) => [...before.values()].filter((q) => q === p).length >= 2) ?? [];
    expect(key).toBeDefined();
    const [feed, sourceId] = (key ?? '').split('|') as [string, string];
    await t.db.dataSource.query(`update source_record set is_current = false where feed = $1 and source_id = $2`, [feed, sourceId]);
    await link.link({ full: true });
    const events = await t.db.dataSource.query<Array<{ type: string; payload: { reason?: string; record?: { sourceId?: string } } }>>(
      `select type, payload from person_event where person_id = $1 and type = 'record_removed'`,
      [personId],
    );
    expect(events.some((e) => e.payload.reason === 'no longer active' && e.payload.record?.sourceId === sourceId)).toBe(true);
    expect((await assignment()).has(key ?? '')).toBe(false);
  });
});

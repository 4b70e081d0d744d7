import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../support/test-app';
import { ALICE, BEN, HEALTH_ONLY, NOBODY, SEALED, loadCouncil } from '../../e2e/support/council-fixture';
import {
  CombinedRecordRepository,
  type CombinedRecordRead,
} from '../../../src/views/combined-record.repository';
import { PersonQueryService } from '../../../src/person-index/person-query.service';
import { PlacementService } from '../../../src/placements/placement.service';
import { ConsentService } from '../../../src/access/consent/consent.service';
import type { Purpose } from '../../../src/access/auth-context';

/**
 * childRecord reads records, placements and consent in one query (combined-record.repository.ts).
 * It must read exactly what the three separate reads it replaced return, with the same consent rule,
 * and nothing may be cached: a withdrawal applies to the very next read.
 */
describe('combined record one-query read (real PostgreSQL)', () => {
  let t: TestApp;
  let reader: CombinedRecordRepository;
  let persons: PersonQueryService;
  let placements: PlacementService;
  let consents: ConsentService;

  beforeAll(async () => {
    t = await createTestApp();
    await loadCouncil(t.db.dataSource);
    reader = new CombinedRecordRepository(t.app.get(DataSource));
    persons = t.app.get(PersonQueryService);
    placements = t.app.get(PlacementService);
    consents = t.app.get(ConsentService);
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: Array<[string, Purpose, string[]]> = [
    [ALICE, 'direct_care', ['social_care', '*']],
    [ALICE, 'population_health', ['icb-wx', '*']],
    [BEN, 'direct_care', ['social_care', '*']],
    [SEALED, 'direct_care', ['social_care', '*']],
    [HEALTH_ONLY, 'direct_care', ['social_care', '*']],
    [NOBODY, 'direct_care', ['social_care', '*']],
  ];

  it.each(cases)(
    '%s for %s: the same records, placements and decision as the separate reads',
    async (id, purpose, recipients) => {
      // As childRecord does: feed-loaded consents (the fixture's is one) are materialised first.
      await consents.syncIfStale();
      const read = await reader.read(id, purpose, recipients);
      const golden = await persons.goldenRecords([id]);
      const expectedRecords = golden.get(id)?.records ?? [];
      const expectedPlacements = (await placements.placementsForPerson([id])).get(id) ?? [];
      const expectedDecision = (await consents.decisions([id], purpose, recipients)).get(id);
      expect(read.records).toEqual(expectedRecords);
      expect(read.placements).toEqual(expectedPlacements);
      expect(read.consent).toBe(expectedDecision);
    },
  );

  it('the fixture exercises every part: records with load times, a placement and a granted consent', async () => {
    const read = await reader.read(ALICE, 'direct_care', ['social_care', '*']);
    expect(read.records.map((r) => r.feed).sort()).toEqual([
      'csc-children',
      'education-pupils',
      'health-patients',
    ]);
    expect(read.records.every((r) => r.loadedAt instanceof Date && !Number.isNaN(r.loadedAt.getTime()))).toBe(
      true,
    );
    expect(read.placements.map((p) => p.placementId)).toEqual(['PL1']);
    expect(read.consent).toBe('granted');
    expect((await reader.read(NOBODY, 'direct_care', ['social_care'])).records).toEqual([]);
  });

  it('concurrent reads go together in fewer statements, each answered with exactly its own read', async () => {
    await consents.syncIfStale();
    const solo = new CombinedRecordRepository(t.app.get(DataSource));
    const expected: CombinedRecordRead[] = [];
    for (const [id, purpose, recipients] of cases) expected.push(await solo.read(id, purpose, recipients));
    const batched = new CombinedRecordRepository(t.app.get(DataSource));
    // Every case three times over, all at once: mixed ids (one repeated), purposes and recipients.
    const asked = [...cases, ...cases, ...cases];
    const reads = await Promise.all(
      asked.map(([id, purpose, recipients]) => batched.read(id, purpose, recipients)),
    );
    reads.forEach((read, i) => expect(read).toEqual(expected[i % cases.length]));
    // One statement goes out at once; whatever is asked meanwhile waits and is batched by purpose
    // and recipients (three groups here).
    expect(batched.statements).toBeLessThan(asked.length);
    expect(batched.statements).toBeGreaterThanOrEqual(3);
    // Nothing is shared between requests: the same id read twice in one statement (the second and
    // third copies of the first case wait together while the first read is out) gives two objects.
    expect(reads[cases.length]).toEqual(reads[2 * cases.length]);
    expect(reads[cases.length]).not.toBe(reads[2 * cases.length]);
    expect(reads[cases.length]?.records[0]).not.toBe(reads[2 * cases.length]?.records[0]);
  });

  it('a failed statement fails only the read that failed it: the others batched with it are read again alone', async () => {
    const batched = new CombinedRecordRepository(t.app.get(DataSource));
    // The first goes out at once; the next three wait and share the second statement, which
    // fails on an id PostgreSQL cannot take as text (a NUL byte; childRecord never sends one).
    const first = batched.read(ALICE, 'direct_care', ['social_care']);
    const shared = [
      batched.read(BEN, 'direct_care', ['social_care']),
      batched.read('P\u0000', 'direct_care', ['social_care']),
      batched.read(ALICE, 'direct_care', ['social_care']),
    ];
    const results = await Promise.allSettled([first, ...shared]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(batched.statements).toBe(2);
    const [aliceFirst, ben, , aliceAgain] = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(ben?.records.length).toBeGreaterThan(0);
    expect(aliceAgain).toEqual(aliceFirst);
  });

  it('a withdrawal recorded a moment ago decides the very next read (nothing cached)', async () => {
    const [csc] = await t.db.dataSource.query<Array<{ source_id: string }>>(
      `select source_id from person_link where person_id = $1 and feed = 'csc-children'`,
      [BEN],
    );
    await consents.record({
      subjectFeed: 'csc-children',
      subjectId: csc?.source_id ?? '',
      purpose: 'direct_care',
      recipient: 'social_care',
      basis: 'consent',
      status: 'granted',
      validFrom: null,
      validTo: null,
      recordedBy: 'test',
    });
    expect((await reader.read(BEN, 'direct_care', ['social_care', '*'])).consent).toBe('granted');
    await consents.record({
      subjectFeed: 'csc-children',
      subjectId: csc?.source_id ?? '',
      purpose: 'direct_care',
      recipient: 'social_care',
      basis: 'consent',
      status: 'withdrawn',
      validFrom: null,
      validTo: null,
      recordedBy: 'test',
    });
    expect((await reader.read(BEN, 'direct_care', ['social_care', '*'])).consent).toBe('denied');
    expect((await consents.decisions([BEN], 'direct_care', ['social_care', '*'])).get(BEN)).toBe('denied');
  });
});

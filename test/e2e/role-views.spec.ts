import type { INestApplication } from '@nestjs/common';
import { createTestApp, type TestApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import type { MintOptions } from '../../src/access/token.service';
import { AuditService } from '../../src/access/audit/audit.service';
import { errorCode, gql } from './support/graphql';
import { ALICE, BEN, HEALTH_ONLY, NOBODY, SEALED, loadCouncil } from './support/council-fixture';

process.env.ACCESS_SHARING_AGREEMENTS = 'ICB-WX:population_health';

const CHILD_RECORD = `query ($id: ID!) { childRecord(personId: $id) {
  personId sealed healthSharingBasis
  identity { laChildId forename surname dob nhsNumber postcode address }
  socialCare { allocatedTeam legalStatus lookedAfter }
  sourceRecords { feed sourceId }
  placements { placementId placementType providerName }
  education { schoolName senProvision attendancePct exclusions }
  health { gpPracticeCode lastHealthAssessment immunisationsUpToDate } } }`;

const FINANCE_CHILD = `query ($id: ID!) { financeChild(personId: $id) {
  personId laChildId forename surname
  placements { placementId placementGroup providerName paidGbp weeklyRateGbp payments { paymentId amountGbp } } } }`;

const ANALYST_ROWS = `{ analystRows(first: 10) { hasNextPage rows {
  pseudoId birthMonth postcodeSector sex placementGroup ehcPlan lookedAfter totalCostGbp
  placements { placementType placementGroup startMonth endMonth costGbp } } } }`;

const SHARED_ROWS = `{ sharedPseudonymisedRows(first: 10) { rows { pseudoId birthMonth postcodeSector placementGroup ehcPlan lookedAfter totalCostGbp } } }`;

const ALICE_IDENTIFIERS = ['ALICE', 'Alice', 'OKAFOR', 'Okafor', '9990000018', '2014-05-17', 'C1', ALICE];

/** Rows of reads (refused attempts are written in the background and would race the count). */
async function auditCount(t: TestApp): Promise<number> {
  const [row] = await t.db.dataSource.query<Array<{ n: number }>>(
    `select count(*)::int n from access_audit where operation <> 'refused'`,
  );
  return row?.n ?? 0;
}

describe('role views on the same child (e2e, real PostgreSQL)', () => {
  let t: TestApp;
  let app: INestApplication;
  const token = (options: MintOptions): string => tokenFor(app, options);
  const northWorker = (): string => token({ role: 'social_worker', team: 'north', subject: 'sw-north' });

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    await loadCouncil(t.db.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  it('social worker (caseload): the full combined record, health because a sharing basis exists', async () => {
    const res = await gql(app, CHILD_RECORD, { token: northWorker(), variables: { id: ALICE } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      childRecord: {
        personId: ALICE,
        sealed: null,
        healthSharingBasis: true,
        identity: {
          laChildId: 'C1',
          forename: 'ALICE',
          surname: 'OKAFOR',
          dob: '2014-05-17',
          nhsNumber: '9990000018',
          postcode: 'WX1 2AB',
          address: '1 Mill Lane',
        },
        socialCare: { allocatedTeam: 'north', legalStatus: 'C2', lookedAfter: true },
        sourceRecords: expect.arrayContaining([
          { feed: 'csc-children', sourceId: 'C1' },
          { feed: 'education-pupils', sourceId: 'E1' },
          { feed: 'health-patients', sourceId: 'H1' },
        ]),
        placements: [{ placementId: 'PL1', placementType: 'U4', providerName: 'Brightways Fostering' }],
        education: { schoolName: 'Wexmoor Primary', senProvision: 'E', attendancePct: 92.5, exclusions: 1 },
        health: { gpPracticeCode: 'Y01234', lastHealthAssessment: '2026-05-01', immunisationsUpToDate: true },
      },
    });
  });

  it('finance: placements, payments and costs, LA id and name only', async () => {
    const res = await gql(app, FINANCE_CHILD, {
      token: token({ role: 'finance' }),
      variables: { id: ALICE },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      financeChild: {
        personId: ALICE,
        laChildId: 'C1',
        forename: 'ALICE',
        surname: 'OKAFOR',
        placements: [
          {
            placementId: 'PL1',
            placementGroup: 'fostering_agency',
            providerName: 'Brightways Fostering',
            paidGbp: 4100.5,
            weeklyRateGbp: 525.13,
            payments: [
              { paymentId: 'PAY1', amountGbp: 2000 },
              { paymentId: 'PAY2', amountGbp: 2100.5 },
            ],
          },
        ],
      },
    });
    // The combined record (health, school, case detail) is not a finance view at all.
    const record = await gql(app, CHILD_RECORD, {
      token: token({ role: 'finance' }),
      variables: { id: ALICE },
    });
    expect(errorCode(record)).toBe('FORBIDDEN');
    expect(record.data ?? null).toBeNull();
  });

  it('finance: the unmatched payments queue', async () => {
    const res = await gql<{
      unmatchedPayments: { totalCount: number; payments: Array<{ paymentId: string; clientName: string }> };
    }>(
      app,
      '{ unmatchedPayments(first: 10) { totalCount hasNextPage payments { paymentId clientName amountGbp } } }',
      { token: token({ role: 'finance' }) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.unmatchedPayments.totalCount).toBe(1);
    expect(res.data?.unmatchedPayments.payments).toEqual([
      { paymentId: 'PAY9', clientName: 'Unknown Child', amountGbp: 800 },
    ]);
  });

  it('analyst: pseudonymised rows (keyed id, month of birth, postcode sector) with full costs, no identifiers', async () => {
    const res = await gql<{ analystRows: { rows: Array<Record<string, unknown>> } }>(app, ANALYST_ROWS, {
      token: token({ role: 'analyst' }),
    });
    expect(res.errors).toBeUndefined();
    const rows = res.data?.analystRows.rows ?? [];
    expect(rows).toHaveLength(2); // Alice and Ben; the sealed identity is in no row
    const alice = rows.find((r) => r.birthMonth === '2014-05');
    expect(alice).toEqual({
      pseudoId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      birthMonth: '2014-05',
      postcodeSector: 'WX1 2',
      sex: 'F',
      placementGroup: 'fostering_agency',
      ehcPlan: true,
      lookedAfter: true,
      totalCostGbp: 4100.5,
      placements: [
        {
          placementType: 'U4',
          placementGroup: 'fostering_agency',
          startMonth: '2025-04',
          endMonth: null,
          costGbp: 4100.5,
        },
      ],
    });
    const text = JSON.stringify(res.data);
    for (const identifier of ALICE_IDENTIFIERS) expect(text).not.toContain(identifier);
    expect(text).not.toContain('Birthname');
    // Stable per recipient: the same child gets the same id next time.
    const again = await gql<{ analystRows: { rows: Array<Record<string, unknown>> } }>(app, ANALYST_ROWS, {
      token: token({ role: 'analyst' }),
    });
    expect(again.data?.analystRows.rows.find((r) => r.birthMonth === '2014-05')?.pseudoId).toBe(
      alice?.pseudoId,
    );
  });

  it('analyst and ICB partner cannot open identified records', async () => {
    for (const role of ['analyst', 'icb_partner'] as const) {
      const res = await gql(app, CHILD_RECORD, {
        token: token({ role, organisation: 'ICB-WX' }),
        variables: { id: ALICE },
      });
      expect(errorCode(res)).toBe('FORBIDDEN');
      const fin = await gql(app, FINANCE_CHILD, {
        token: token({ role, organisation: 'ICB-WX' }),
        variables: { id: ALICE },
      });
      expect(errorCode(fin)).toBe('FORBIDDEN');
    }
  });

  it('ICB partner: pseudonymised rows only under an agreement and only for consented children, keyed to the ICB', async () => {
    const icb = token({ role: 'icb_partner', organisation: 'ICB-WX', purpose: 'population_health' });
    const none = await gql<{ sharedPseudonymisedRows: { rows: unknown[] } }>(app, SHARED_ROWS, {
      token: icb,
    });
    expect(none.errors).toBeUndefined();
    expect(none.data?.sharedPseudonymisedRows.rows).toEqual([]); // nobody has consented yet

    // Alice consents to sharing with the ICB for population health (named generically, as the feed does).
    const steward = token({ role: 'data_steward' });
    const recorded = await gql(
      app,
      `mutation { recordConsent(input: { personId: "${ALICE}", purpose: "population_health", recipient: "icb", basis: consent }) { status recipient } }`,
      { token: steward },
    );
    expect(recorded.errors).toBeUndefined();
    const shared = await gql<{ sharedPseudonymisedRows: { rows: Array<Record<string, unknown>> } }>(
      app,
      SHARED_ROWS,
      { token: icb },
    );
    expect(shared.data?.sharedPseudonymisedRows.rows).toEqual([
      {
        pseudoId: expect.any(String),
        // the only child released to the ICB: too few to share a birth month or sector (k-anonymity)
        birthMonth: null,
        postcodeSector: null,
        placementGroup: 'fostering_agency',
        ehcPlan: true,
        lookedAfter: true,
        totalCostGbp: null, // costs are the analyst's, not the ICB's
      },
    ]);
    const analyst = await gql<{ analystRows: { rows: Array<{ pseudoId: string; birthMonth: string }> } }>(
      app,
      ANALYST_ROWS,
      {
        token: token({ role: 'analyst' }),
      },
    );
    const analystId = analyst.data?.analystRows.rows.find((r) => r.birthMonth === '2014-05')?.pseudoId;
    expect(shared.data?.sharedPseudonymisedRows.rows[0]?.pseudoId).not.toBe(analystId); // unlinkable across recipients

    // An opt-out (national data opt-out style: any recipient) removes her at once.
    await gql(
      app,
      `mutation { recordConsent(input: { personId: "${ALICE}", purpose: "population_health", recipient: "*", basis: consent, status: refused }) { id } }`,
      { token: steward },
    );
    const after = await gql<{ sharedPseudonymisedRows: { rows: unknown[] } }>(app, SHARED_ROWS, {
      token: icb,
    });
    expect(after.data?.sharedPseudonymisedRows.rows).toEqual([]);

    // An ICB organisation without an agreement gets nothing.
    const other = await gql(app, SHARED_ROWS, {
      token: token({ role: 'icb_partner', organisation: 'ICB-OTHER', purpose: 'population_health' }),
    });
    expect(errorCode(other)).toBe('FORBIDDEN');
  });

  it('data steward: identity and provenance, a sealed pre-adoption identity too, but no case, school or health detail', async () => {
    const steward = token({ role: 'data_steward' });
    const res = await gql<{ childRecord: Record<string, unknown> }>(app, CHILD_RECORD, {
      token: steward,
      variables: { id: SEALED },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.childRecord).toMatchObject({
      personId: SEALED,
      sealed: true,
      identity: { forename: 'BIRTHNAME', laChildId: 'C3' },
    });
    const ben = await gql<{ childRecord: Record<string, unknown> }>(app, CHILD_RECORD, {
      token: steward,
      variables: { id: BEN },
    });
    expect(ben.data?.childRecord).toMatchObject({
      personId: BEN,
      healthSharingBasis: false,
      identity: { laChildId: 'C2', surname: 'TRANTER' },
      sourceRecords: expect.arrayContaining([{ feed: 'health-patients', sourceId: 'H2' }]),
      socialCare: null,
      placements: null,
      education: null,
      health: null,
    });
    const alice = await gql<{ childRecord: Record<string, unknown> }>(app, CHILD_RECORD, {
      token: steward,
      variables: { id: ALICE },
    });
    expect(alice.data?.childRecord).toMatchObject({
      socialCare: null,
      placements: null,
      education: null,
      health: null,
    });
    // The person index's pages: a source record's identity and provenance, never its raw payload.
    const records = await gql<{ person: { records: Array<Record<string, unknown>> } }>(
      app,
      `{ person(id: "${ALICE}") { records { feed sourceId forename dob nhsNumber } } }`,
      { token: steward },
    );
    expect(records.errors).toBeUndefined();
    expect(records.data?.person.records).toEqual(
      expect.arrayContaining([
        {
          feed: 'health-patients',
          sourceId: 'H1',
          forename: 'ALICE',
          dob: '2014-05-17',
          nhsNumber: '9990000018',
        },
      ]),
    );
    const payload = await gql(
      app,
      `{ person(id: "${ALICE}") { records { feed ...raw } } } fragment raw on PersonSourceRecord { payloadJson }`,
      {
        token: steward,
      },
    );
    expect(errorCode(payload)).toBe('FORBIDDEN');
    expect(JSON.stringify(payload)).not.toContain('last_health_assessment');
    // Wrapped in more fragments than the selection check walks (the depth limit counts fields
    // only): refused, not let through unchecked.
    const wrapped = (depth: number): string =>
      `${'... on PersonSourceRecord { '.repeat(depth)}payloadJson${' }'.repeat(depth)}`;
    for (const depth of [3, 40]) {
      const deep = await gql(app, `{ person(id: "${ALICE}") { records { feed ${wrapped(depth)} } } }`, {
        token: steward,
      });
      expect(errorCode(deep)).toBe('FORBIDDEN');
      expect(JSON.stringify(deep)).not.toContain('last_health_assessment');
    }
  });

  it('a child you may not see and a child that does not exist give the same answer', async () => {
    const outside = await gql(app, CHILD_RECORD, { token: northWorker(), variables: { id: BEN } });
    const missing = await gql(app, CHILD_RECORD, { token: northWorker(), variables: { id: NOBODY } });
    const sealed = await gql(app, CHILD_RECORD, { token: northWorker(), variables: { id: SEALED } });
    expect(errorCode(outside)).toBe('NOT_FOUND');
    for (const other of [missing, sealed]) {
      expect(other.errors).toEqual(outside.errors);
      expect(other.data ?? null).toEqual(outside.data ?? null);
    }
    const sealedForFinance = await gql(app, FINANCE_CHILD, {
      token: token({ role: 'finance' }),
      variables: { id: SEALED },
    });
    const missingForFinance = await gql(app, FINANCE_CHILD, {
      token: token({ role: 'finance' }),
      variables: { id: NOBODY },
    });
    expect(errorCode(sealedForFinance)).toBe('NOT_FOUND');
    expect(sealedForFinance.errors).toEqual(missingForFinance.errors);
    // Finance sees children social care knows, not a child known only to her GP.
    const gpOnly = await gql(app, FINANCE_CHILD, {
      token: token({ role: 'finance' }),
      variables: { id: HEALTH_ONLY },
    });
    expect(gpOnly.errors).toEqual(missingForFinance.errors);
    expect(JSON.stringify(sealed)).not.toContain('BIRTHNAME');
  });

  it('break-glass opens a child outside the caseload, with a reason, flagged for review in the audit', async () => {
    const reason = 'Police request out of hours, duty manager informed';
    const res = await gql<{
      childRecord: { personId: string; identity: { surname: string }; health: unknown };
    }>(app, CHILD_RECORD, {
      token: northWorker(),
      variables: { id: BEN },
      headers: { 'x-break-glass-reason': reason },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.childRecord.identity.surname).toBe('TRANTER');
    expect(res.data?.childRecord.health).toBeNull(); // no sharing basis for Ben's health data
    const flagged = await gql<{ auditLog: { entries: Array<Record<string, unknown>> } }>(
      app,
      '{ auditLog(first: 5, flaggedOnly: true) { entries { subject role operation personIds breakGlassReason flaggedForReview } } }',
      { token: token({ role: 'data_steward' }) },
    );
    expect(flagged.data?.auditLog.entries[0]).toEqual({
      subject: 'sw-north',
      role: 'social_worker',
      operation: 'childRecord',
      personIds: [BEN],
      breakGlassReason: reason,
      flaggedForReview: true,
    });
  });

  it('consent withdrawal hides health data on the very next request', async () => {
    const before = await gql<{
      childRecord: { health: unknown; healthSharingBasis: boolean; sourceRecords: Array<{ feed: string }> };
    }>(app, CHILD_RECORD, { token: northWorker(), variables: { id: ALICE } });
    expect(before.data?.childRecord.health).not.toBeNull();
    const withdrawn = await gql<{ withdrawConsent: { status: string } }>(
      app,
      `mutation { withdrawConsent(input: { personId: "${ALICE}", purpose: "direct_care", recipient: "social_care" }) { status recordedBy } }`,
      { token: northWorker() },
    );
    expect(withdrawn.data?.withdrawConsent).toEqual({ status: 'withdrawn', recordedBy: 'sw-north' });
    const after = await gql<{
      childRecord: {
        health: unknown;
        healthSharingBasis: boolean;
        sourceRecords: Array<{ feed: string }>;
        education: unknown;
      };
    }>(app, CHILD_RECORD, { token: northWorker(), variables: { id: ALICE } });
    expect(after.errors).toBeUndefined();
    expect(after.data?.childRecord.health).toBeNull();
    expect(after.data?.childRecord.healthSharingBasis).toBe(false);
    expect(after.data?.childRecord.sourceRecords.map((r) => r.feed)).not.toContain('health-patients');
    expect(after.data?.childRecord.education).not.toBeNull(); // only health is conditioned on the basis
    // Safeguarding is a separate purpose with its own basis: a safeguarding basis shares for that purpose only.
    await gql(
      app,
      `mutation { recordConsent(input: { personId: "${ALICE}", purpose: "safeguarding", recipient: "social_care", basis: safeguarding }) { id } }`,
      { token: token({ role: 'data_steward' }) },
    );
    const safeguarding = await gql<{ childRecord: { health: unknown } }>(app, CHILD_RECORD, {
      token: northWorker(),
      variables: { id: ALICE },
      headers: { 'x-purpose': 'safeguarding' },
    });
    expect(safeguarding.data?.childRecord.health).not.toBeNull();
  });

  it('a social worker cannot record consent for a child outside the caseload', async () => {
    const res = await gql(
      app,
      `mutation { recordConsent(input: { personId: "${BEN}", purpose: "direct_care", recipient: "social_care", basis: consent, status: refused }) { id } }`,
      { token: northWorker() },
    );
    expect(errorCode(res)).toBe('NOT_FOUND');
  });

  it('a social worker cannot grant a sharing basis (even by break-glass), only record a refusal or withdrawal', async () => {
    const glass = { 'x-break-glass-reason': 'Duty manager: missing-from-care alert tonight' };
    const [{ n: before } = { n: -1 }] = await t.db.dataSource.query<Array<{ n: number }>>(
      `select count(*)::int n from consent`,
    );
    for (const [id, headers] of [
      [BEN, glass],
      [ALICE, {}],
    ] as const) {
      const grant = await gql(
        app,
        `mutation { recordConsent(input: { personId: "${id}", purpose: "direct_care", recipient: "social_care", basis: consent, status: granted }) { id } }`,
        { token: northWorker(), headers },
      );
      expect(errorCode(grant)).toBe('FORBIDDEN');
    }
    const [{ n: after } = { n: -2 }] = await t.db.dataSource.query<Array<{ n: number }>>(
      `select count(*)::int n from consent`,
    );
    expect(after).toBe(before);
    const ben = await gql<{ childRecord: { healthSharingBasis: boolean; health: unknown } }>(
      app,
      CHILD_RECORD,
      {
        token: northWorker(),
        variables: { id: BEN },
        headers: glass,
      },
    );
    expect(ben.data?.childRecord).toMatchObject({ healthSharingBasis: false, health: null });
    const refusal = await gql(
      app,
      `mutation { recordConsent(input: { personId: "${ALICE}", purpose: "direct_care", recipient: "social_care", basis: consent, status: refused }) { status } }`,
      { token: northWorker() },
    );
    expect(refusal.errors).toBeUndefined();
  });

  it('every person-level read leaves an audit row naming who, role, purpose, children and fields', async () => {
    const reads: Array<[string, string, Record<string, unknown>]> = [
      [northWorker(), CHILD_RECORD, { id: ALICE }],
      [token({ role: 'finance' }), FINANCE_CHILD, { id: ALICE }],
      [token({ role: 'analyst' }), ANALYST_ROWS, {}],
      [token({ role: 'data_steward' }), CHILD_RECORD, { id: SEALED }],
    ];
    for (const [bearer, query, variables] of reads) {
      const before = await auditCount(t);
      const res = await gql(app, query, { token: bearer, variables });
      expect(res.errors).toBeUndefined();
      expect(await auditCount(t)).toBe(before + 1);
    }
    const [last] = await t.db.dataSource.query<
      Array<{ role: string; purpose: string; person_ids: string[]; fields: string[] }>
    >(
      `select role, purpose, person_ids, fields from access_audit where operation <> 'refused' order by id desc limit 1`,
    );
    expect(last).toEqual({
      role: 'data_steward',
      purpose: 'data_management',
      person_ids: [SEALED],
      fields: expect.arrayContaining(['ChildIdentity.forename', 'ChildRecord.sealed']),
    });
    const [finance] = await t.db.dataSource.query<Array<{ fields: string[] }>>(
      `select fields from access_audit where role = 'finance' and operation = 'financeChild' order by id desc limit 1`,
    );
    expect(finance?.fields).toEqual(
      expect.arrayContaining(['FinanceChild.forename', 'FinancePayment.amountGbp']),
    );
    expect(finance?.fields.some((f) => f.startsWith('ChildHealth') || f.startsWith('ChildEducation'))).toBe(
      false,
    );
  });

  it("other modules' person-level resolvers are audited too (the person index's steward view)", async () => {
    const before = await auditCount(t);
    const res = await gql(app, `{ person(id: "${ALICE}") { id golden { forename { value } } } }`, {
      token: token({ role: 'data_steward', subject: 'steward-7' }),
    });
    expect(res.errors).toBeUndefined();
    expect(await auditCount(t)).toBe(before + 1);
    const [row] = await t.db.dataSource.query<Array<Record<string, unknown>>>(
      `select subject, role, operation, person_ids, fields from access_audit where operation <> 'refused' order by id desc limit 1`,
    );
    expect(row).toEqual({
      subject: 'steward-7',
      role: 'data_steward',
      operation: 'Query.person',
      person_ids: [ALICE],
      fields: ['person.golden.forename.value', 'person.id'],
    });
  });

  it("social worker: the team's caseload, sealed identities and other teams' children left out, one audit row", async () => {
    const before = await auditCount(t);
    const res = await gql<{ caseload: { records: Array<Record<string, unknown>>; hasNextPage: boolean } }>(
      app,
      '{ caseload(first: 10) { hasNextPage records { personId identity { surname } socialCare { allocatedTeam } } } }',
      { token: northWorker() },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.caseload).toEqual({
      hasNextPage: false,
      records: [{ personId: ALICE, identity: { surname: 'OKAFOR' }, socialCare: { allocatedTeam: 'north' } }],
    });
    expect(await auditCount(t)).toBe(before + 1);
    const finance = await gql(app, '{ caseload(first: 10) { records { personId } } }', {
      token: token({ role: 'finance' }),
    });
    expect(errorCode(finance)).toBe('FORBIDDEN');
  });

  it('analyst: a child who opts out of analytics is in no pseudonymised row from the next request', async () => {
    const rows = async (): Promise<string[]> => {
      const res = await gql<{ analystRows: { rows: Array<{ birthMonth: string }> } }>(app, ANALYST_ROWS, {
        token: token({ role: 'analyst' }),
      });
      return (res.data?.analystRows.rows ?? []).map((r) => r.birthMonth).sort();
    };
    expect(await rows()).toEqual(['2011-02', '2014-05']);
    await gql(
      app,
      `mutation { recordConsent(input: { personId: "${ALICE}", purpose: "analytics", recipient: "analytics", basis: consent, status: refused }) { id } }`,
      { token: token({ role: 'data_steward' }) },
    );
    expect(await rows()).toEqual(['2011-02']);
  });

  it('break-glass needs a real reason; a consent outside its dates grants nothing', async () => {
    const short = await gql(app, CHILD_RECORD, {
      token: northWorker(),
      variables: { id: BEN },
      headers: { 'x-break-glass-reason': 'x' },
    });
    expect(errorCode(short)).toBe('BAD_USER_INPUT');
    expect(short.data ?? null).toBeNull();
    // Ben's health has no basis; a basis that ended yesterday or starts tomorrow changes nothing.
    const steward = token({ role: 'data_steward' });
    const day = (offset: number): string =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    for (const [from, to] of [
      ['2020-01-01', day(-1)],
      [day(1), null],
    ] as const) {
      const res = await gql(
        app,
        `mutation ($from: String, $to: String) { recordConsent(input: { personId: "${BEN}", purpose: "direct_care", recipient: "social_care",
          basis: consent, validFrom: $from, validTo: $to }) { validFrom validTo } }`,
        { token: steward, variables: { from, to } },
      );
      expect(res.errors).toBeUndefined();
    }
    const ben = await gql<{ childRecord: { healthSharingBasis: boolean; health: unknown } }>(
      app,
      CHILD_RECORD,
      {
        token: northWorker(),
        variables: { id: BEN },
        headers: { 'x-break-glass-reason': 'Duty manager: missing-from-care alert tonight' },
      },
    );
    expect(ben.data?.childRecord).toMatchObject({ healthSharingBasis: false, health: null });
  });

  it('a refused attempt on a real child is audited and flagged; an unknown id leaves no row', async () => {
    const subject = 'sw-curious';
    const worker = token({ role: 'social_worker', team: 'north', subject });
    expect(errorCode(await gql(app, CHILD_RECORD, { token: worker, variables: { id: BEN } }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await gql(app, CHILD_RECORD, { token: worker, variables: { id: NOBODY } }))).toBe(
      'NOT_FOUND',
    );
    // The refusal's row is written without holding up the answer: wait for the audit to flush.
    await app.get(AuditService).flush();
    const rows = await t.db.dataSource.query<
      Array<{ operation: string; person_ids: string[]; flagged_for_review: boolean; fields: string[] }>
    >(`select operation, person_ids, flagged_for_review, fields from access_audit where subject = $1`, [
      subject,
    ]);
    expect(rows).toEqual([{ operation: 'refused', person_ids: [BEN], flagged_for_review: true, fields: [] }]);
  });
});

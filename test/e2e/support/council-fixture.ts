import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * A tiny council, written straight into the tables the feeds, person index and placements
 * modules maintain (so these tests do not depend on linkage): three children, their source
 * records, placements, payments and one consent.
 *
 * - Alice (P0000000001): team north, looked after, school (EHC plan), GP, placement + 2 payments,
 *   consent to share health with social care for direct care.
 * - Ben (P0000000002): team south; GP record but no consent.
 * - Sealed (P0000000003): team north, legal_status ADOPTED (a sealed pre-adoption identity).
 * - Dot (P0000000004): known only to her GP (no social care record).
 * - one payment that matches nobody.
 */
export const ALICE = 'P0000000001';
export const BEN = 'P0000000002';
export const SEALED = 'P0000000003';
export const HEALTH_ONLY = 'P0000000004';
export const NOBODY = 'P0000000999';

interface SourceRow {
  feed: string;
  sourceId: string;
  person?: string;
  payload: Record<string, string>;
  identity?: {
    forename?: string;
    surname?: string;
    dob?: string;
    sex?: string;
    postcode?: string;
    nhs?: string;
    upn?: string;
  };
}

const ROWS: SourceRow[] = [
  {
    feed: 'csc-children',
    sourceId: 'C1',
    person: ALICE,
    payload: {
      la_child_id: 'C1',
      forename: 'Alice',
      surname: 'Okafor',
      dob: '2014-05-17',
      sex: 'F',
      nhs_number: '9990000018',
      postcode: 'WX1 2AB',
      address_line1: '1 Mill Lane',
      allocated_team: 'north',
      allocated_worker: 'W17',
      legal_status: 'C2',
      cp_plan: 'N',
      looked_after: 'Y',
      updated_at: '2026-09-01',
    },
    identity: {
      forename: 'ALICE',
      surname: 'OKAFOR',
      dob: '2014-05-17',
      sex: 'F',
      postcode: 'WX1 2AB',
      nhs: '9990000018',
    },
  },
  {
    feed: 'education-pupils',
    sourceId: 'E1',
    person: ALICE,
    payload: {
      pupil_ref: 'E1',
      forename: 'Alice',
      surname: 'Okafor',
      dob: '2014-05-17',
      school_urn: '100001',
      school_name: 'Wexmoor Primary',
      sen_provision: 'E',
      fsm_eligible: 'Y',
      attendance_pct: '92.5',
      exclusions: '1',
      census_date: '2026-10-01',
    },
    identity: { forename: 'ALICE', surname: 'OKAFOR', dob: '2014-05-17', sex: 'F', postcode: 'WX1 2AB' },
  },
  {
    feed: 'health-patients',
    sourceId: 'H1',
    person: ALICE,
    payload: {
      local_patient_id: 'H1',
      given_name: 'Alice',
      family_name: 'Okafor',
      dob: '2014-05-17',
      gp_practice_code: 'Y01234',
      registered_from: '2015-01-10',
      last_health_assessment: '2026-05-01',
      immunisations_up_to_date: 'Y',
    },
    identity: {
      forename: 'ALICE',
      surname: 'OKAFOR',
      dob: '2014-05-17',
      sex: 'F',
      postcode: 'WX1 2AB',
      nhs: '9990000018',
    },
  },
  {
    feed: 'csc-children',
    sourceId: 'C2',
    person: BEN,
    payload: {
      la_child_id: 'C2',
      forename: 'Ben',
      surname: 'Tranter',
      dob: '2011-02-03',
      allocated_team: 'south',
      legal_status: 'C2',
      looked_after: 'Y',
      cp_plan: 'Y',
    },
    identity: { forename: 'BEN', surname: 'TRANTER', dob: '2011-02-03', sex: 'M', postcode: 'WX2 9ZZ' },
  },
  {
    feed: 'health-patients',
    sourceId: 'H2',
    person: BEN,
    payload: { local_patient_id: 'H2', gp_practice_code: 'Y09999', last_health_assessment: '2026-01-01' },
    identity: { forename: 'BEN', surname: 'TRANTER', dob: '2011-02-03', sex: 'M' },
  },
  {
    feed: 'csc-children',
    sourceId: 'C3',
    person: SEALED,
    payload: {
      la_child_id: 'C3',
      forename: 'Birthname',
      surname: 'Sealed',
      dob: '2019-08-08',
      allocated_team: 'north',
      legal_status: 'ADOPTED',
      looked_after: 'N',
    },
    identity: { forename: 'BIRTHNAME', surname: 'SEALED', dob: '2019-08-08', sex: 'F', postcode: 'WX1 2AB' },
  },
  {
    feed: 'health-patients',
    sourceId: 'H4',
    person: HEALTH_ONLY,
    payload: {
      local_patient_id: 'H4',
      given_name: 'Dot',
      family_name: 'Gpsonly',
      dob: '2020-03-03',
      gp_practice_code: 'Y05555',
    },
    identity: { forename: 'DOT', surname: 'GPSONLY', dob: '2020-03-03', sex: 'F' },
  },
  {
    feed: 'csc-placements',
    sourceId: 'PL1',
    payload: {
      placement_id: 'PL1',
      la_child_id: 'C1',
      start_date: '2025-04-01',
      placement_type: 'U4',
      provider_id: 'PRV1',
      provider_name: 'Brightways Fostering',
    },
  },
  {
    feed: 'csc-placements',
    sourceId: 'PL3',
    payload: {
      placement_id: 'PL3',
      la_child_id: 'C3',
      start_date: '2020-01-01',
      end_date: '2021-01-01',
      placement_type: 'A5',
      provider_id: 'PRV2',
      provider_name: 'Adoption Agency',
    },
  },
  {
    feed: 'finance-payments',
    sourceId: 'PAY1',
    payload: { payment_id: 'PAY1', placement_ref: 'PL1', amount_gbp: '2000.00' },
  },
  {
    feed: 'finance-payments',
    sourceId: 'PAY2',
    payload: { payment_id: 'PAY2', placement_ref: 'PL1', amount_gbp: '2100.50' },
  },
  {
    feed: 'finance-payments',
    sourceId: 'PAY9',
    payload: { payment_id: 'PAY9', client_name: 'Unknown Child', amount_gbp: '800.00' },
  },
  {
    feed: 'consents',
    sourceId: 'CON1',
    payload: {
      subject_feed: 'csc-children',
      subject_id: 'C1',
      purpose: 'direct_care',
      recipient: 'social_care',
      basis: 'consent',
      status: 'granted',
      valid_from: '2025-01-01',
      // valid_to blank: absent from the payload, as the feed loader stores it
      recorded_by: 'W17',
    },
  },
];

export async function loadCouncil(db: DataSource): Promise<void> {
  const ids = new Map<string, string>();
  const loads = new Map<string, string>();
  for (const row of ROWS) {
    let loadId = loads.get(row.feed);
    if (!loadId) {
      const [load] = await db.query<Array<{ id: string }>>(
        `insert into feed_load (feed, file_name, checksum, status) values ($1, 'fixture.csv', 'x', 'running') returning id`,
        [row.feed],
      );
      loadId = load!.id;
      loads.set(row.feed, loadId);
    }
    const i = row.identity ?? {};
    const [inserted] = await db.query<Array<{ id: string }>>(
      `insert into source_record (feed, source_id, version, load_id, row_number, content_hash, payload, std,
                                  forename, surname, dob, sex, postcode, nhs_number, upn)
       values ($1, $2, 1, $3, 1, $4, $5, '{}', $6, $7, $8, $9, $10, $11, $12) returning id`,
      [
        row.feed,
        row.sourceId,
        loadId,
        createHash('sha256').update(JSON.stringify(row.payload)).digest('hex'),
        row.payload,
        i.forename ?? null,
        i.surname ?? null,
        i.dob ?? null,
        i.sex ?? null,
        i.postcode ?? null,
        i.nhs ?? null,
        i.upn ?? null,
      ],
    );
    ids.set(`${row.feed}/${row.sourceId}`, inserted!.id);
  }
  for (const [number, person] of [ALICE, BEN, SEALED, HEALTH_ONLY].entries()) {
    await db.query(`insert into person (id, number) values ($1, $2)`, [person, number + 1]);
  }
  for (const row of ROWS.filter((r) => r.person)) {
    await db.query(
      `insert into person_link (feed, source_id, source_record_id, person_id, rule_set_version, method)
       values ($1, $2, $3, $4, 'fixture', 'deterministic')`,
      [row.feed, row.sourceId, ids.get(`${row.feed}/${row.sourceId}`), row.person],
    );
  }
  await db.query(
    `insert into placement (placement_id, source_record_id, la_child_id, start_date, end_date, placement_type, placement_group, provider_id, provider_name)
     values ('PL1', $1, 'C1', '2025-04-01', null, 'U4', 'fostering_agency', 'PRV1', 'Brightways Fostering'),
            ('PL3', $2, 'C3', '2020-01-01', '2021-01-01', 'A5', 'adoption', 'PRV2', 'Adoption Agency')`,
    [ids.get('csc-placements/PL1'), ids.get('csc-placements/PL3')],
  );
  await db.query(
    `insert into payment (payment_id, source_record_id, provider_id, provider_name, placement_ref, client_ref, client_name,
                          period_start, period_end, amount_gbp, weekly_rate_gbp, cost_code, paid_on, placement_id, link_method, link_confidence)
     values ('PAY1', $1, 'PRV1', 'Brightways Fostering', 'PL1', 'C1', null, '2025-04-01', '2025-04-28', 2000.00, 500.00, 'FOS1', '2025-05-05', 'PL1', 'placement_ref', 1),
            ('PAY2', $2, 'PRV1', 'Brightways Fostering', 'PL1', 'C1', null, '2025-04-29', '2025-05-26', 2100.50, 525.13, 'FOS1', '2025-06-02', 'PL1', 'placement_ref', 1),
            ('PAY9', $3, 'PRV9', 'Elsewhere Ltd', null, null, 'Unknown Child', '2025-04-01', '2025-04-28', 800.00, 200.00, 'RES1', '2025-05-05', null, null, null)`,
    [ids.get('finance-payments/PAY1'), ids.get('finance-payments/PAY2'), ids.get('finance-payments/PAY9')],
  );
}

/** The service on a fresh database with this council loaded: started before the block's tests, closed after. */
export function useCouncilApp(): { readonly t: TestApp; readonly app: INestApplication } {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await createTestApp();
    await loadCouncil(current.db.dataSource);
  });
  afterAll(async () => {
    await current?.close();
  });
  return {
    get t(): TestApp {
      if (!current) throw new Error('the council app is started in beforeAll');
      return current;
    },
    get app(): INestApplication {
      return this.t.app;
    },
  };
}

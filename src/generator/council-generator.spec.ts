import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isSyntheticNhsNumber,
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  normaliseNhsNumber,
} from '../linkage/standardise';
import { areNicknames } from '../linkage/comparators/nicknames';
import { dayOf, financialYearStart, parseIso } from './calendar';
import { DirectorySink, MemorySink } from './council-sink';
import { generateCouncil, type GenerateSummary } from './council-generator';
import { FEED_COLUMNS, FEED_NAMES, GENERATED_FILES, type GeneratedFile } from './model';
import { columnNames, feedSchema } from '../feeds/schema';

/** Small CSV reader for the generator's own output (RFC 4180 quoting). */
function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  const [header = [], ...body] = rows;
  return body.map((values) => Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
}

async function generate(children: number, seed: string | number): Promise<{ sink: MemorySink; summary: GenerateSummary }> {
  const sink = new MemorySink();
  const summary = await generateCouncil({ children, seed }, sink);
  return { sink, summary };
}

const CHILDREN = 4000;

describe('synthetic council generator', () => {
  let sink: MemorySink;
  let summary: GenerateSummary;
  const table = (file: GeneratedFile): Array<Record<string, string>> => parseCsv(sink.text(file));

  beforeAll(async () => {
    ({ sink, summary } = await generate(CHILDREN, 'spec'));
  });

  it('is deterministic for a seed: same seed, same bytes; another seed, other data', async () => {
    const again = await generate(CHILDREN, 'spec');
    for (const file of GENERATED_FILES) expect(again.sink.text(file)).toBe(sink.text(file));
    const other = await generate(CHILDREN, 'other');
    expect(other.sink.text('csc-children')).not.toBe(sink.text('csc-children'));
    expect(other.sink.text('finance-payments')).not.toBe(sink.text('finance-payments'));
  });

  it('streams the same bytes to a directory as it builds in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'childlink-generate-'));
    try {
      await generateCouncil({ children: CHILDREN, seed: 'spec' }, new DirectorySink(dir));
      for (const file of GENERATED_FILES) {
        expect(readFileSync(DirectorySink.pathOf(dir, file), 'utf8')).toBe(sink.text(file));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes every file with the canonical header of DESIGN.md', () => {
    const header = (file: GeneratedFile): string => sink.text(file).split('\n')[0] ?? '';
    expect(header('csc-children')).toBe(
      'la_child_id,forename,middle_names,surname,former_surname,dob,sex,ethnicity,nhs_number,upn,postcode,address_line1,allocated_team,allocated_worker,legal_status,cp_plan,looked_after,updated_at',
    );
    expect(header('csc-placements')).toBe(
      'placement_id,la_child_id,start_date,end_date,placement_type,provider_id,provider_name,placement_postcode,reason_for_change',
    );
    expect(header('education-pupils')).toBe(
      'pupil_ref,upn,former_upn,forename,middle_names,surname,preferred_surname,dob,sex,postcode,school_urn,school_name,sen_provision,fsm_eligible,attendance_pct,exclusions,census_date',
    );
    expect(header('health-patients')).toBe(
      'nhs_number,local_patient_id,given_name,family_name,dob,sex,postcode,gp_practice_code,registered_from,last_health_assessment,immunisations_up_to_date',
    );
    expect(header('finance-payments')).toBe(
      'payment_id,provider_id,provider_name,placement_ref,client_ref,client_name,period_start,period_end,amount_gbp,weekly_rate_gbp,cost_code,paid_on',
    );
    expect(header('consents')).toBe('subject_feed,subject_id,purpose,recipient,basis,status,valid_from,valid_to,recorded_by');
    expect(header('truth/persons')).toBe('feed,source_id,child_id');
    expect(header('truth/payments')).toBe('payment_id,placement_id');
    expect(header('truth/families')).toBe('child_id,family_id,twin_of');
  });

  it('writes the same columns, in the same order, as the feed loader expects of each feed', () => {
    for (const feed of FEED_NAMES) expect([...FEED_COLUMNS[feed]]).toEqual(columnNames(feedSchema(feed)));
  });

  it('produces every child asked for, with about two to three person records each', () => {
    expect(summary.children).toBe(CHILDREN);
    const children = new Set(table('truth/persons').map((r) => r.child_id?.replace(/-pre$/, '')));
    // Nearly every child has a record somewhere (some are in no feed, e.g. unregistered infants).
    expect(children.size).toBeGreaterThan(CHILDREN * 0.97);
    const records = summary.rows['csc-children'] + summary.rows['education-pupils'] + summary.rows['health-patients'];
    expect(records / CHILDREN).toBeGreaterThan(1.9);
    expect(records / CHILDREN).toBeLessThan(2.8);
  });

  it('issues valid synthetic NHS numbers and mistypes them at the intended rates (linkage core validators)', () => {
    const health = table('health-patients').filter((r) => r.nhs_number);
    const csc = table('csc-children').filter((r) => r.nhs_number);
    const invalidShare = (rows: Array<Record<string, string>>): number =>
      rows.filter((r) => !isValidNhsNumber(r.nhs_number)).length / rows.length;
    expect(invalidShare(health)).toBeLessThan(0.006); // configured 0.1%
    expect(invalidShare(csc)).toBeGreaterThan(0.008); // configured 2%
    expect(invalidShare(csc)).toBeLessThan(0.035);
    for (const row of [...health, ...csc]) {
      if (isValidNhsNumber(row.nhs_number)) expect(isSyntheticNhsNumber(row.nhs_number)).toBe(true);
    }
    // A valid NHS number belongs to one child only, across every feed.
    const truth = new Map(table('truth/persons').map((r) => [`${r.feed}|${r.source_id}`, r.child_id]));
    const owner = new Map<string, string>();
    for (const [feed, rows, idColumn] of [
      ['health-patients', health, 'local_patient_id'],
      ['csc-children', csc, 'la_child_id'],
    ] as const) {
      for (const row of rows) {
        const nhs = normaliseNhsNumber(row.nhs_number);
        const child = truth.get(`${feed}|${row[idColumn]}`);
        if (!nhs || !child) continue;
        expect(owner.get(nhs) ?? child).toBe(child);
        owner.set(nhs, child);
      }
    }
  });

  it('issues UPNs with valid check letters, mistyping a few, with valid former UPNs', () => {
    const pupils = table('education-pupils');
    const invalid = pupils.filter((r) => !isValidUpn(r.upn)).length / pupils.length;
    expect(invalid).toBeLessThan(0.015); // configured 0.3%
    const former = pupils.filter((r) => r.former_upn);
    expect(former.length).toBeGreaterThan(0);
    for (const row of former) expect(isValidUpn(row.former_upn)).toBe(true);
    const cscUpns = table('csc-children').filter((r) => r.upn);
    const cscInvalid = cscUpns.filter((r) => !isValidUpn(r.upn)).length / cscUpns.length;
    expect(cscInvalid).toBeGreaterThan(0.003); // configured 2%
    expect(cscInvalid).toBeLessThan(0.05);
  });

  it('writes only BS7666 postcodes and real ISO birth dates, never future except unborn children', () => {
    const asOf = dayOf(2026, 10, 1);
    for (const file of ['csc-children', 'education-pupils', 'health-patients'] as const) {
      for (const row of table(file)) {
        if (row.postcode) expect(isValidPostcode(row.postcode)).toBe(true);
        // dob is required by every person feed's schema: a generated row must load.
        const dob = parseIso(row.dob ?? '');
        if (file !== 'csc-children' || row.forename) expect(dob).toBeLessThanOrEqual(asOf);
      }
    }
  });

  it('keeps truth consistent: every record and payment in truth exactly once, every reference real', () => {
    const persons = table('truth/persons');
    const keys = new Set(persons.map((r) => `${r.feed}|${r.source_id}`));
    expect(keys.size).toBe(persons.length);
    const ids: Array<[string, string]> = [
      ...table('csc-children').map((r) => ['csc-children', r.la_child_id ?? ''] as [string, string]),
      ...table('education-pupils').map((r) => ['education-pupils', r.pupil_ref ?? ''] as [string, string]),
      ...table('health-patients').map((r) => ['health-patients', r.local_patient_id ?? ''] as [string, string]),
    ];
    expect(ids.length).toBe(persons.length);
    for (const [feed, id] of ids) expect(keys.has(`${feed}|${id}`)).toBe(true);

    const families = new Set(table('truth/families').map((r) => r.child_id));
    for (const row of persons) expect(families.has(row.child_id)).toBe(true);

    const payments = table('finance-payments');
    const truthPayments = new Map(table('truth/payments').map((r) => [r.payment_id, r.placement_id]));
    expect(truthPayments.size).toBe(payments.length);
    const placements = new Map(table('csc-placements').map((r) => [r.placement_id, r]));
    const cscIds = new Set(table('csc-children').map((r) => r.la_child_id));
    for (const placement of placements.values()) expect(cscIds.has(placement.la_child_id)).toBe(true);
    let unknown = 0;
    for (const payment of payments) {
      const placementId = truthPayments.get(payment.payment_id);
      expect(placementId).toBeDefined();
      if (!placementId) {
        unknown++;
        expect(payment.placement_ref).toBe('');
        continue;
      }
      const placement = placements.get(placementId);
      expect(placement?.provider_id).toBe(payment.provider_id);
      if (payment.placement_ref) expect(payment.placement_ref).toBe(placementId);
      else expect(payment.client_ref || payment.client_name).toBeTruthy();
      // Paid for days inside the placement (its end day belongs to the next placement).
      expect(payment.period_start! >= placement!.start_date!).toBe(true);
      if (placement?.end_date) expect(payment.period_end! < placement.end_date).toBe(true);
    }
    expect(unknown / payments.length).toBeLessThan(0.02);
  });

  it('pays four-weekly at the weekly rate, pro-rated, split at 1 April, with the odd credit note', () => {
    const payments = table('finance-payments');
    const missingRef = payments.filter((p) => !p.placement_ref).length / payments.length;
    expect(missingRef).toBeGreaterThan(0.05); // configured 8%
    expect(missingRef).toBeLessThan(0.12);
    let credits = 0;
    for (const p of payments) {
      const start = parseIso(p.period_start ?? '');
      const end = parseIso(p.period_end ?? '');
      const days = end - start + 1;
      expect(days).toBeGreaterThanOrEqual(1);
      expect(days).toBeLessThanOrEqual(28);
      expect(financialYearStart(start)).toBe(financialYearStart(end));
      const amount = Number(p.amount_gbp);
      const full = (Number(p.weekly_rate_gbp) * days) / 7;
      if (amount < 0) {
        credits++;
        expect(-amount).toBeLessThanOrEqual(full + 0.01);
      } else {
        expect(Math.abs(amount - full)).toBeLessThan(0.01);
      }
      expect(parseIso(p.paid_on ?? '')).toBeGreaterThan(end);
      expect(parseIso(p.paid_on ?? '')).toBeLessThanOrEqual(dayOf(2026, 10, 1));
    }
    expect(credits).toBeGreaterThan(0);
    // Weekly rates sit in their bands (earlier years are lower by the April uplifts): in-house
    // fostering a few hundred pounds, agency fostering about £800–1,100, children's homes thousands.
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    // One rate per placement (its first payment), so a few long placements do not dominate.
    const truth = new Map(table('truth/payments').map((r) => [r.payment_id, r.placement_id]));
    const ratesOf = (code: string): number[] => {
      const byPlacement = new Map<string, number>();
      for (const p of payments) {
        const placement = truth.get(p.payment_id) || p.payment_id || '';
        if (p.cost_code === code && !byPlacement.has(placement)) byPlacement.set(placement, Number(p.weekly_rate_gbp));
      }
      return [...byPlacement.values()];
    };
    const inHouse = ratesOf('R4410');
    const agency = ratesOf('R4420');
    const homes = ratesOf('R4430');
    expect(Math.min(...inHouse)).toBeGreaterThan(150);
    expect(Math.max(...inHouse)).toBeLessThan(700);
    expect(median(inHouse)).toBeGreaterThan(250);
    expect(median(inHouse)).toBeLessThan(450);
    expect(Math.min(...agency)).toBeGreaterThan(650);
    expect(Math.max(...agency)).toBeLessThan(1250);
    expect(median(agency)).toBeGreaterThan(800);
    expect(median(agency)).toBeLessThan(1100);
    expect(median(homes)).toBeGreaterThan(3500);
    expect(median(homes)).toBeLessThan(8000);
  });

  it('uses SSDA903 PLACE codes, with open and ended placements', () => {
    const placements = table('csc-placements');
    const codes = new Set(placements.map((p) => p.placement_type));
    for (const code of codes) expect(code).toMatch(/^(A[3-6]|H5|K[12]|P[12]|R3|S1|U[1-6])$/);
    expect(codes.has('U6')).toBe(true);
    expect(codes.has('K2')).toBe(true);
    expect(placements.some((p) => !p.end_date)).toBe(true);
    expect(placements.some((p) => p.end_date && p.reason_for_change)).toBe(true);
  });

  it('generates twins who are distinct children: same birth, family and surname, different forenames', () => {
    const twins = table('truth/families').filter((r) => r.twin_of);
    expect(twins.length).toBeGreaterThan(10);
    const family = new Map(table('truth/families').map((r) => [r.child_id, r.family_id]));
    const truth = new Map(table('truth/persons').map((r) => [`${r.feed}|${r.source_id}`, r.child_id]));
    const healthByChild = new Map<string, Record<string, string>>();
    for (const row of table('health-patients')) {
      const child = truth.get(`health-patients|${row.local_patient_id}`);
      if (child) healthByChild.set(child, row);
    }
    let compared = 0;
    for (const twin of twins) {
      expect(twin.twin_of).not.toBe(twin.child_id);
      expect(family.get(twin.twin_of ?? '')).toBe(twin.family_id);
      const a = healthByChild.get(twin.child_id ?? '');
      const b = healthByChild.get(twin.twin_of ?? '');
      if (!a || !b || a.dob !== b.dob) continue; // a recorded dob may carry an error
      compared++;
      const fa = (a.given_name ?? '').toUpperCase();
      const fb = (b.given_name ?? '').toUpperCase();
      expect(fa === fb && areNicknames(fa, fb)).toBe(false);
    }
    expect(compared).toBeGreaterThan(twins.length / 2);
  });

  it('seals adoption: the pre-adoption record is closed, its own child, with a different NHS number', () => {
    const truth = new Map(table('truth/persons').map((r) => [`${r.feed}|${r.source_id}`, r.child_id]));
    const pre = table('csc-children').filter((r) => truth.get(`csc-children|${r.la_child_id}`)?.endsWith('-pre'));
    expect(pre.length).toBeGreaterThan(0);
    const healthNhs = new Map<string, string>();
    for (const row of table('health-patients')) {
      const child = truth.get(`health-patients|${row.local_patient_id}`);
      const nhs = normaliseNhsNumber(row.nhs_number);
      if (child && nhs) healthNhs.set(child, nhs);
    }
    for (const row of pre) {
      expect(row.legal_status).toBe('ADOPTED');
      expect(row.looked_after).toBe('N');
      expect(row.allocated_team).toBe('');
      const child = truth.get(`csc-children|${row.la_child_id}`)?.replace(/-pre$/, '') ?? '';
      const preNhs = normaliseNhsNumber(row.nhs_number);
      if (preNhs && healthNhs.has(child)) expect(healthNhs.get(child)).not.toBe(preNhs);
    }
  });

  it('includes the realities that make linking hard', () => {
    for (const [reality, count] of Object.entries(summary.realities)) expect([reality, count > 0]).toEqual([reality, true]);
    expect(table('truth/families').filter((r) => r.twin_of).length).toBe(summary.realities.twinPairs);
    expect(table('csc-children').filter((r) => r.legal_status === 'ADOPTED').length).toBe(summary.realities.adoptedChildren);
    const csc = table('csc-children');
    // Unborn children: blank forename, no NHS number, some expected dates in the future.
    const unborn = csc.filter((r) => !r.forename && r.dob);
    expect(unborn.length).toBeGreaterThan(0);
    for (const row of unborn) expect(row.nhs_number).toBe('');
    expect(unborn.some((r) => parseIso(r.dob ?? '') > dayOf(2026, 10, 1))).toBe(true);
    // Duplicate social care records: one child, two la_child_ids.
    const cscChildren = table('truth/persons').filter((r) => r.feed === 'csc-children').map((r) => r.child_id);
    expect(new Set(cscChildren).size).toBeLessThan(cscChildren.length);
    // Surname changes, upper-case health surnames, nicknames and swapped day/month across feeds.
    expect(csc.some((r) => r.former_surname)).toBe(true);
    expect(table('education-pupils').some((r) => r.preferred_surname)).toBe(true);
    expect(table('health-patients').filter((r) => r.family_name === r.family_name?.toUpperCase()).length).toBeGreaterThan(100);
    const truth = new Map(table('truth/persons').map((r) => [`${r.feed}|${r.source_id}`, r.child_id]));
    const healthByChild = new Map<string, Record<string, string>>();
    for (const row of table('health-patients')) healthByChild.set(truth.get(`health-patients|${row.local_patient_id}`) ?? '', row);
    let nicknames = 0;
    let swapped = 0;
    for (const row of table('education-pupils')) {
      const health = healthByChild.get(truth.get(`education-pupils|${row.pupil_ref}`) ?? '');
      if (!health) continue;
      const [a, b] = [(row.forename ?? '').toUpperCase(), (health.given_name ?? '').toUpperCase()];
      if (a !== b && areNicknames(a, b)) nicknames++;
      const [y1, m1, d1] = (row.dob ?? '').split('-');
      if (health.dob === `${y1}-${d1}-${m1}` && m1 !== d1) swapped++;
    }
    expect(nicknames).toBeGreaterThan(5);
    expect(swapped).toBeGreaterThan(0);
  });

  it('records consents and opt-outs against real subjects', () => {
    const consents = table('consents');
    const subjects = new Set(table('truth/persons').map((r) => `${r.feed}|${r.source_id}`));
    for (const c of consents) {
      expect(subjects.has(`${c.subject_feed}|${c.subject_id}`)).toBe(true);
      expect(['direct_care', 'safeguarding', 'commissioning', 'population_health', 'analytics']).toContain(c.purpose);
      expect(['consent', 'public_task', 'safeguarding']).toContain(c.basis);
      expect(['gp', 'school', 'icb', 'social_care', 'analytics']).toContain(c.recipient);
      expect(['granted', 'refused', 'withdrawn']).toContain(c.status);
    }
    expect(consents.some((c) => c.recipient === 'icb' && c.status === 'refused')).toBe(true);
    // Health data shared into social care for looked-after children and children on a plan.
    expect(consents.some((c) => c.subject_feed === 'health-patients' && c.recipient === 'social_care' && c.basis === 'public_task')).toBe(true);
    expect(consents.some((c) => c.recipient === 'social_care' && c.basis === 'safeguarding')).toBe(true);
    expect(consents.some((c) => c.status === 'withdrawn' && c.valid_to)).toBe(true);
  });
});

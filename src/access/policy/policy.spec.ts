import type { AuthContext } from '../auth-context';
import { PolicyService, ReadLog, type ChildFacts } from './policy.service';
import { admitsPseudonymised, recordAccess, type RecordFacts } from './record-access';

const sw = (extra: Partial<AuthContext> = {}): AuthContext => ({
  subject: 's',
  role: 'social_worker',
  purpose: 'direct_care',
  team: 'north',
  ...extra,
});
const facts = (extra: Partial<RecordFacts> = {}): RecordFacts => ({
  sealed: false,
  teams: ['north'],
  inSocialCare: true,
  ...extra,
});

describe('record-level access', () => {
  it('social worker: caseload, else break-glass, never a sealed identity', () => {
    expect(recordAccess(sw(), facts())).toBe('allowed');
    expect(recordAccess(sw(), facts({ teams: ['south'] }))).toBe('denied');
    expect(recordAccess(sw({ breakGlassReason: 'duty manager call' }), facts({ teams: ['south'] }))).toBe(
      'break_glass',
    );
    expect(recordAccess(sw({ breakGlassReason: 'duty manager call' }), facts({ sealed: true }))).toBe(
      'denied',
    );
    expect(recordAccess(sw({ team: undefined }), facts())).toBe('denied');
  });

  it('finance: social care children only; ICB and analysts: no identified child; steward: all, sealed too', () => {
    const finance: AuthContext = { subject: 'f', role: 'finance', purpose: 'finance' };
    expect(recordAccess(finance, facts({ teams: [] }))).toBe('allowed');
    expect(recordAccess(finance, facts({ inSocialCare: false }))).toBe('denied');
    expect(recordAccess(finance, facts({ sealed: true }))).toBe('denied');
    expect(recordAccess({ subject: 'i', role: 'icb_partner', purpose: 'population_health' }, facts())).toBe(
      'denied',
    );
    expect(recordAccess({ subject: 'a', role: 'analyst', purpose: 'analytics' }, facts())).toBe('denied');
    expect(
      recordAccess(
        { subject: 'd', role: 'data_steward', purpose: 'data_management' },
        facts({ sealed: true }),
      ),
    ).toBe('allowed');
  });

  it('pseudonymised rows: ICB only with consent granted, analysts unless refused', () => {
    const icb: AuthContext = {
      subject: 'i',
      role: 'icb_partner',
      purpose: 'population_health',
      organisation: 'ICB-WX',
    };
    const analyst: AuthContext = { subject: 'a', role: 'analyst', purpose: 'analytics' };
    expect([
      admitsPseudonymised(icb, 'granted'),
      admitsPseudonymised(icb, 'none'),
      admitsPseudonymised(icb, 'denied'),
    ]).toEqual([true, false, false]);
    expect([
      admitsPseudonymised(analyst, 'granted'),
      admitsPseudonymised(analyst, 'none'),
      admitsPseudonymised(analyst, 'denied'),
    ]).toEqual([true, true, false]);
    expect(admitsPseudonymised(sw(), 'granted')).toBe(false);
  });
});

describe('PolicyService.build', () => {
  const policy = new PolicyService();
  const child: ChildFacts = { personId: 'P0000000001', sealed: false, sharingBasis: false };

  it('leaves ungranted fields null without ever computing them, and logs only what was read', () => {
    const log = new ReadLog();
    const computed: string[] = [];
    const source = (name: string, value: unknown) => () => {
      computed.push(name);
      return value;
    };
    const health = policy.build(
      'ChildHealth',
      sw(),
      child,
      {
        gpPracticeCode: source('gp', 'Y01234'),
        registeredFrom: source('from', '2015-01-10'),
        lastHealthAssessment: source('lha', '2026-05-01'),
        immunisationsUpToDate: source('imm', true),
      },
      log,
    );
    expect(health).toEqual({
      gpPracticeCode: null,
      registeredFrom: null,
      lastHealthAssessment: null,
      immunisationsUpToDate: null,
    });
    expect(computed).toEqual([]);
    expect([...log.fields]).toEqual([]);

    const withBasis = policy.build(
      'ChildHealth',
      sw(),
      { ...child, sharingBasis: true },
      {
        gpPracticeCode: source('gp', 'Y01234'),
        registeredFrom: source('from', null),
        lastHealthAssessment: source('lha', null),
        immunisationsUpToDate: source('imm', null),
      },
      log,
    );
    expect(withBasis.gpPracticeCode).toBe('Y01234');
    expect(log.fields.has('ChildHealth.gpPracticeCode')).toBe(true);
    expect([...log.personIds]).toEqual(['P0000000001']);
  });

  it('grants nothing for a field or type the policy does not name', () => {
    expect(policy.granted('ChildHealth', 'bloodGroup', sw(), child)).toBe(false);
    expect(() => policy.build('SomethingNew', sw(), child, { x: () => 1 }, new ReadLog())).toThrow(
      /no access policy/,
    );
  });

  it('applies the purpose: ICB person-level rows only under population health', () => {
    const rows = (purpose: 'population_health' | 'commissioning') =>
      policy.granted(
        'PseudonymisedChild',
        'birthMonth',
        { subject: 'i', role: 'icb_partner', purpose, organisation: 'ICB-WX' },
        child,
      );
    expect(rows('population_health')).toBe(true);
    expect(rows('commissioning')).toBe(false);
  });
});

import { isSyntheticNhsNumber, isTemporaryUpn, isValidNhsNumber, isValidUpn } from '../linkage/standardise';
import { areNicknames } from '../linkage/comparators/nicknames';
import { addYears, ageOn, civilOf, dayOf, financialYearStart, isoOf, parseIso } from './calendar';
import { mistypeNhsNumber, mistypeUpn, NhsNumberIssuer, scramble, UpnIssuer } from './identifiers';
import { caseVariant, hyphenationVariant, nicknamesOf, stripDiacritics, typo } from './name-variants';
import { Prng, WeightedPicker } from './prng';

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] ?? 0, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] ?? 0;
}

describe('seeded random numbers', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = new Prng('x');
    const b = new Prng('x');
    const c = new Prng('y');
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(seqA);
  });

  it('draws weighted items in proportion to their weights', () => {
    const rng = new Prng('weights');
    const picker = new WeightedPicker([
      ['common', 9],
      ['rare', 1],
    ] as const);
    let common = 0;
    for (let i = 0; i < 10_000; i++) if (picker.pick(rng) === 'common') common++;
    expect(common / 10_000).toBeGreaterThan(0.88);
    expect(common / 10_000).toBeLessThan(0.92);
  });
});

describe('calendar arithmetic', () => {
  it('round-trips civil dates, leap days included', () => {
    expect(dayOf(1970, 1, 1)).toBe(0);
    expect(isoOf(dayOf(2024, 2, 29))).toBe('2024-02-29');
    expect(civilOf(dayOf(2000, 3, 1))).toEqual({ year: 2000, month: 3, day: 1 });
    expect(dayOf(2024, 3, 1) - dayOf(2024, 2, 28)).toBe(2);
    expect(dayOf(2023, 3, 1) - dayOf(2023, 2, 28)).toBe(1);
    expect(() => parseIso('2023-02-29')).toThrow(/not a real date/);
    expect(() => parseIso('01/02/2023')).toThrow(/not an ISO date/);
  });

  it('knows ages, financial years and anniversaries', () => {
    expect(ageOn(parseIso('2010-10-02'), parseIso('2026-10-01'))).toBe(15);
    expect(ageOn(parseIso('2010-10-01'), parseIso('2026-10-01'))).toBe(16);
    expect(isoOf(financialYearStart(parseIso('2026-03-31')))).toBe('2025-04-01');
    expect(isoOf(financialYearStart(parseIso('2026-04-01')))).toBe('2026-04-01');
    expect(isoOf(addYears(parseIso('2024-02-29'), 1))).toBe('2025-02-28');
  });
});

describe('synthetic identifiers', () => {
  it('scrambles counters without collisions', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(scramble(i, 10_000, 12_345));
    expect(seen.size).toBe(10_000);
    expect(Math.max(...seen)).toBe(9_999);
  });

  it('issues unique, valid 999-range NHS numbers; a mistyped one fails the check', () => {
    const issuer = new NhsNumberIssuer();
    const rng = new Prng('nhs');
    const issued = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const nhs = issuer.issue();
      expect(isSyntheticNhsNumber(nhs)).toBe(true);
      issued.add(nhs);
      const typed = mistypeNhsNumber(rng, nhs);
      expect(isValidNhsNumber(typed)).toBe(false);
      expect(editDistance(typed, nhs)).toBe(1);
    }
    expect(issued.size).toBe(2000);
  });

  it('issues valid permanent and temporary UPNs; a mistyped one fails the check letter', () => {
    const issuer = new UpnIssuer('899');
    const rng = new Prng('upn');
    for (let i = 0; i < 500; i++) {
      const upn = issuer.issue(2019);
      expect(upn).toMatch(/^[A-Z]899\d{4}19\d{3}$/);
      expect(isValidUpn(upn)).toBe(true);
      expect(isValidUpn(mistypeUpn(rng, upn))).toBe(false);
      expect(isTemporaryUpn(issuer.issueTemporary(rng, 2019))).toBe(true);
    }
  });
});

describe('name variants', () => {
  it('makes exactly one edit for a typo', () => {
    const rng = new Prng('typos');
    for (const name of ['Oliver', 'Smith', 'Okafor', 'McDonald', 'Isabella', "O'Brien"]) {
      for (let i = 0; i < 50; i++) {
        const typed = typo(rng, name);
        expect(editDistance(typed.toLowerCase(), name.toLowerCase())).toBeLessThanOrEqual(1);
        expect(typed.charAt(0)).toBe(name.charAt(0));
      }
    }
  });

  it('writes case, hyphenation and diacritic variants as systems do', () => {
    const rng = new Prng('variants');
    const cases = new Set(Array.from({ length: 60 }, () => caseVariant(rng, 'McDonald')));
    expect([...cases].sort()).toEqual(['MCDONALD', 'Mc Donald', 'Mcdonald', 'mcdonald']);
    const surnames = new Set(Array.from({ length: 60 }, () => hyphenationVariant(rng, 'Smith-Jones')));
    expect([...surnames].sort()).toEqual(['Jones', 'Smith', 'Smith Jones', 'SmithJones']);
    const forenames = new Set(Array.from({ length: 60 }, () => hyphenationVariant(rng, 'Lily-Mae', 'forename')));
    expect([...forenames].sort()).toEqual(['Lily', 'Lily Mae', 'LilyMae']);
    expect(stripDiacritics('Wiśniewski Łukasz Dąbrowski')).toBe('Wisniewski Lukasz Dabrowski');
  });

  it('uses only nicknames the linkage core knows, UK forms included', () => {
    for (const name of ['William', 'Oliver', 'Alfred', 'Elizabeth']) {
      const nicknames = nicknamesOf(name);
      expect(nicknames.length).toBeGreaterThan(0);
      for (const nickname of nicknames) expect(areNicknames(name.toUpperCase(), nickname.toUpperCase())).toBe(true);
    }
    expect(nicknamesOf('Oliver')).toContain('Ollie');
    expect(nicknamesOf('Alfred')).toContain('Alfie');
  });
});

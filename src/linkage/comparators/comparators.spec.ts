import { distance } from 'fastest-levenshtein';
import {
  areNicknames,
  damerauLevenshtein,
  datesDayMonthSwapped,
  datesOneDigitApart,
  daysApart,
  doubleMetaphone,
  doubleMetaphoneMatch,
  jaro,
  jaroWinkler,
  levenshtein,
  soundex,
} from './index';

describe('Jaro and Jaro–Winkler (Winkler 1990 published values)', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.9611],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.8133],
  ])('JW(%s, %s) = %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 4);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 4);
  });
  it.each([
    ['MARTHA', 'MARHTA', 0.9444],
    ['DWAYNE', 'DUANE', 0.8222],
    ['DIXON', 'DICKSONX', 0.7667],
  ])('Jaro(%s, %s) = %d', (a, b, expected) => {
    expect(jaro(a, b)).toBeCloseTo(expected, 4);
  });
  it('handles identical, empty and disjoint strings', () => {
    expect(jaroWinkler('SMITH', 'SMITH')).toBe(1);
    expect(jaroWinkler('', 'SMITH')).toBe(0);
    expect(jaro('ABC', 'XYZ')).toBe(0);
  });
});

describe('edit distances', () => {
  it('Levenshtein: kitten/sitting = 3, flaw/lawn = 2 (textbook values)', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('flaw', 'lawn')).toBe(2);
  });
  it('Damerau–Levenshtein counts an adjacent transposition as one edit, unrestricted', () => {
    expect(damerauLevenshtein('CA', 'AC')).toBe(1);
    // The unrestricted distance (Lowrance–Wagner) is 2 where optimal string alignment gives 3.
    expect(damerauLevenshtein('CA', 'ABC')).toBe(2);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('19651013', '19651031')).toBe(1);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });
  it('never exceeds Levenshtein and is at least half of it (the bound scoring relies on)', () => {
    const words = ['SMITH', 'SMYTH', 'SIMTH', 'JONES', 'JOENS', 'NEUMANN', 'NUEMANN', 'O', ''];
    for (const a of words) {
      for (const b of words) {
        const dl = damerauLevenshtein(a, b);
        expect(dl).toBeLessThanOrEqual(distance(a, b));
        expect(2 * dl).toBeGreaterThanOrEqual(distance(a, b));
      }
    }
  });
});

describe('phonetic codes (natural)', () => {
  it('double metaphone: SMITH → SM0 / XMT; SCHMIDT shares XMT', () => {
    expect(doubleMetaphone('SMITH')).toEqual(['SM0', 'XMT']);
    expect(doubleMetaphoneMatch('SMITH', 'SCHMIDT')).toBe(true);
    expect(doubleMetaphoneMatch('SMITH', 'JONES')).toBe(false);
  });
  it('soundex: ROBERT and RUPERT → R163, TYMCZAK → T522 (published examples)', () => {
    expect(soundex('ROBERT')).toBe('R163');
    expect(soundex('RUPERT')).toBe('R163');
    expect(soundex('TYMCZAK')).toBe('T522');
  });
});

describe('nicknames (shipped table + UK additions)', () => {
  it('knows UK and US forms in both directions', () => {
    expect(areNicknames('ALFIE', 'ALFRED')).toBe(true);
    expect(areNicknames('OLIVER', 'OLLIE')).toBe(true);
    expect(areNicknames('BOB', 'ROBERT')).toBe(true);
    expect(areNicknames('ROBERT', 'BOB')).toBe(true);
  });
  it('does not make two formal names equivalent through a shared nickname (twins)', () => {
    expect(areNicknames('ALEX', 'ALEXANDRA')).toBe(true);
    expect(areNicknames('ALEXANDER', 'ALEXANDRA')).toBe(false);
    expect(areNicknames('OLIVER', 'OLIVIA')).toBe(false);
  });
});

describe('date comparators', () => {
  it('day/month swap only with the same year', () => {
    expect(datesDayMonthSwapped('2015-03-04', '2015-04-03')).toBe(true);
    expect(datesDayMonthSwapped('2015-03-04', '2016-04-03')).toBe(false);
    expect(datesDayMonthSwapped('2015-03-03', '2015-03-03')).toBe(false);
  });
  it('one digit apart and days apart', () => {
    expect(datesOneDigitApart('2015-03-04', '2015-03-05')).toBe(true);
    expect(datesOneDigitApart('2015-03-04', '2015-03-15')).toBe(false);
    expect(daysApart('2016-02-28', '2016-03-01')).toBe(2);
  });
});

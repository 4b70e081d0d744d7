import { kAnonymise, type QuasiIdentifiers } from './k-anonymity';

const child = (
  birthMonth: string | null,
  sex: string | null,
  postcodeSector: string | null,
): QuasiIdentifiers => ({
  birthMonth,
  sex,
  postcodeSector,
});

/** A population from [id, quasi-identifiers] pairs. */
const population = (...rows: Array<[string, QuasiIdentifiers]>): Map<string, QuasiIdentifiers> =>
  new Map(rows);

describe('k-anonymity of shared pseudonymised rows', () => {
  it('releases a combination at least k children share as it is', () => {
    const five = population(
      ...[1, 2, 3, 4, 5].map((n): [string, QuasiIdentifiers] => [`a${n}`, child('2014-05', 'F', 'WX1 2')]),
    );
    expect([...kAnonymise(five, 5).values()]).toEqual(Array(5).fill(child('2014-05', 'F', 'WX1 2')));
  });

  it('generalises rarer ones to birth year and postcode district when k of them share those', () => {
    const months = population(
      ...[1, 2, 3, 4, 5].map((n): [string, QuasiIdentifiers] => [
        `b${n}`,
        child(`2012-0${n}`, 'F', `WX3 ${n}`),
      ]),
    );
    expect([...kAnonymise(months, 5).values()]).toEqual(Array(5).fill(child('2012', 'F', 'WX3')));
  });

  it('counts, at each step, only the children no finer step released', () => {
    // Seven girls born in 2014 in WX1: five share month and sector and are released as they are.
    // The other two would hide among seven at year and district, but among the generalised rows
    // they would be alone — so their birth and place go, then (two girls) their sex.
    const rows = population(
      ...[1, 2, 3, 4, 5].map((n): [string, QuasiIdentifiers] => [`a${n}`, child('2014-05', 'F', 'WX1 2')]),
      ['r1', child('2014-01', 'F', 'WX1 3')],
      ['r2', child('2014-11', 'F', 'WX1 7')],
    );
    const released = kAnonymise(rows, 5);
    expect(released.get('a1')).toEqual(child('2014-05', 'F', 'WX1 2'));
    expect(released.get('r1')).toEqual(child(null, null, null));
    expect(released.get('r2')).toEqual(child(null, null, null));
  });

  it('drops birth and geography but keeps sex when k of the rest share it; unknowns are a value like any other', () => {
    const rows = population(
      ['m1', child('2010-01', 'M', 'WX1 1')],
      ['m2', child('2011-02', 'M', 'WX2 1')],
      ['m3', child('2012-03', 'M', 'WX3 1')],
      ['m4', child(null, 'M', null)],
      ['m5', child('2013-04', 'M', 'WX5 1')],
    );
    expect([...kAnonymise(rows, 5).values()]).toEqual(Array(5).fill(child(null, 'M', null)));
  });

  it('a population smaller than k carries no quasi-identifier at all', () => {
    const rows = population(['a', child('2014-05', 'F', 'WX1 2')], ['b', child('2014-05', 'F', 'WX1 2')]);
    expect([...kAnonymise(rows, 5).values()]).toEqual([child(null, null, null), child(null, null, null)]);
    expect(kAnonymise(new Map(), 5).size).toBe(0);
  });
});

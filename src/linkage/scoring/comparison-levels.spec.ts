import { valuesSatisfy } from './comparison-levels';
import type { LevelSpec } from '../rule-set/rule-set.types';

const level = (spec: Partial<LevelSpec> & Pick<LevelSpec, 'kind'>): LevelSpec => ({ label: spec.kind, termFrequency: false, ...spec });

describe('level predicates not covered by the comparator tests', () => {
  it('postcode unit / sector / district / area (gov.uk example SW1A 1AA)', () => {
    expect(valuesSatisfy(level({ kind: 'exact' }), 'SW1A 1AA', 'SW1A 1AA')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'postcode_sector' }), 'SW1A 1AA', 'SW1A 1BB')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'postcode_sector' }), 'SW1A 1AA', 'SW1A 2AA')).toBe(false);
    expect(valuesSatisfy(level({ kind: 'postcode_district' }), 'SW1A 1AA', 'SW1A 2AA')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'postcode_district' }), 'SW1A 1AA', 'SW1P 2AA')).toBe(false);
    expect(valuesSatisfy(level({ kind: 'postcode_area' }), 'SW1A 1AA', 'SW19 2AA')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'postcode_area' }), 'S1 1AA', 'SW1 1AA')).toBe(false);
  });
  it('numeric tolerance, prefix and within-N-days', () => {
    expect(valuesSatisfy(level({ kind: 'numeric_within', max: 2 }), '10', '12')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'numeric_within', max: 2 }), '10', '12.5')).toBe(false);
    expect(valuesSatisfy(level({ kind: 'prefix', length: 3 }), 'JONATHAN', 'JONES')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'prefix', length: 3 }), 'JO', 'JO')).toBe(false);
    expect(valuesSatisfy(level({ kind: 'date_within_days', days: 30 }), '2016-02-15', '2016-03-16')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'date_within_days', days: 30 }), '2016-02-15', '2016-03-17')).toBe(false);
  });
  it('string similarity thresholds use the pinned comparators', () => {
    expect(valuesSatisfy(level({ kind: 'jaro_winkler', min: 0.96 }), 'MARTHA', 'MARHTA')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'jaro_winkler', min: 0.97 }), 'MARTHA', 'MARHTA')).toBe(false);
    expect(valuesSatisfy(level({ kind: 'levenshtein', max: 3 }), 'KITTEN', 'SITTING')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'damerau_levenshtein', max: 1 }), 'SMITH', 'SMIHT')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'nickname' }), 'ALFIE', 'ALFRED')).toBe(true);
    expect(valuesSatisfy(level({ kind: 'soundex' }), 'ROBERT', 'RUPERT')).toBe(true);
  });
});

import { goldenRecord, survive } from './survivorship';
import type { PersonSourceRecord } from './person-feeds';

function record(over: Partial<PersonSourceRecord> & Pick<PersonSourceRecord, 'feed' | 'sourceId'>): PersonSourceRecord {
  return {
    sourceRecordId: over.sourceId,
    version: 1,
    loadedAt: new Date('2026-10-01T00:00:00Z'),
    forename: null,
    middleNames: null,
    surname: null,
    altSurnames: null,
    dob: null,
    sex: null,
    postcode: null,
    nhsNumber: null,
    upn: null,
    payload: {},
    sealedPreAdoption: false,
    ...over,
  };
}

describe('survivorship', () => {
  const csc = record({ feed: 'csc-children', sourceId: 'C1', forename: 'OLIVER', postcode: 'LS1 1AA', nhsNumber: '9434765919', payload: { updated_at: '2025-01-01' } });
  const health = record({ feed: 'health-patients', sourceId: 'H1', forename: 'OLLIE', postcode: 'LS2 2BB', nhsNumber: '9434765870', dob: '2015-01-02' });
  const school = record({ feed: 'education-pupils', sourceId: 'E1', forename: 'OLIVER', upn: 'A123456789012', dob: '2015-02-01' });

  it('takes names and address from social care, NHS number and birth date from health, UPN from schools', () => {
    const golden = goldenRecord([school, health, csc]);
    expect(golden.forename).toMatchObject({ value: 'OLIVER', source: { feed: 'csc-children', sourceId: 'C1' } });
    expect(golden.postcode?.source.feed).toBe('csc-children');
    expect(golden.nhsNumber).toMatchObject({ value: '9434765870', source: { feed: 'health-patients' } });
    expect(golden.dob).toMatchObject({ value: '2015-01-02', source: { feed: 'health-patients' } });
    expect(golden.upn?.source.feed).toBe('education-pupils');
    expect(golden.gpPractice).toBeNull();
  });

  it('lists every conflicting value with the records that gave it; agreeing values are not conflicts', () => {
    const golden = goldenRecord([school, health, csc]);
    expect(golden.forename?.alternatives).toEqual([{ value: 'OLLIE', sources: [expect.objectContaining({ sourceId: 'H1' })] }]);
    expect(golden.dob?.alternatives).toEqual([{ value: '2015-02-01', sources: [expect.objectContaining({ sourceId: 'E1' })] }]);
  });

  it('within one feed, the most recent record wins (its own date, else when it was loaded)', () => {
    const older = record({ feed: 'csc-children', sourceId: 'C2', surname: 'SMITH', payload: { updated_at: '2024-03-01' } });
    const newer = record({ feed: 'csc-children', sourceId: 'C3', surname: 'JONES', payload: { updated_at: '2025-06-30' } });
    expect(survive([older, newer], 'surname')?.value).toBe('JONES');
    expect(survive([older, newer], 'surname')?.source.asOf).toBe('2025-06-30');
  });
});

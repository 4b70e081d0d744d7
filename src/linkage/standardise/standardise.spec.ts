import {
  dayNumber,
  fromDayNumber,
  isTemporaryUpn,
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUpn,
  parseDate,
  postcodeParts,
  splitForenames,
  standardiseName,
  surnameVariants,
  upnCheckLetter,
} from './index';

describe('names', () => {
  it('uppercases, folds accents, drops apostrophes and titles', () => {
    expect(standardiseName("  mr. Seán O'Brien ")).toBe('SEAN OBRIEN');
    expect(standardiseName('Zoë')).toBe('ZOE');
    expect(standardiseName('Müller-Lüdenscheidt')).toBe('MULLER LUDENSCHEIDT');
    expect(standardiseName('Strauß')).toBe('STRAUSS');
    expect(standardiseName('Smith Jr')).toBe('SMITH');
    expect(standardiseName('   ')).toBeNull();
    expect(standardiseName('--')).toBeNull();
    expect(standardiseName(null)).toBeNull();
  });
  it('keeps a title-like single token (a child called Miss is still a name)', () => {
    expect(standardiseName('Miss')).toBe('MISS');
  });
  it('offers the forms of a double-barrelled surname', () => {
    expect(surnameVariants('Smith-Jones')).toEqual(['SMITH JONES', 'SMITHJONES', 'SMITH', 'JONES']);
    expect(surnameVariants('Okafor')).toEqual(['OKAFOR']);
  });
  it('splits first and middle forenames', () => {
    expect(splitForenames('Mary Anne Louise')).toEqual({ forename: 'MARY', middleNames: 'ANNE LOUISE' });
    expect(splitForenames('')).toEqual({ forename: null, middleNames: null });
  });
});

describe('dates', () => {
  it('parses ISO, UK and compact forms', () => {
    expect(parseDate('2015-03-01')).toBe('2015-03-01');
    expect(parseDate('2015-03-01T10:00:00Z')).toBe('2015-03-01');
    expect(parseDate('01/03/2015')).toBe('2015-03-01');
    expect(parseDate('1/3/2015')).toBe('2015-03-01');
    expect(parseDate('01-03-2015')).toBe('2015-03-01');
    expect(parseDate('20150301')).toBe('2015-03-01');
    expect(parseDate('1 Mar 2015')).toBe('2015-03-01');
  });
  it('rejects impossible dates', () => {
    expect(parseDate('31/02/2015')).toBeNull();
    expect(parseDate('2015-13-01')).toBeNull();
    expect(parseDate('29/02/2015')).toBeNull();
    expect(parseDate('29/02/2016')).toBe('2016-02-29');
    expect(parseDate('29/02/1900')).toBeNull();
    expect(parseDate('29/02/2000')).toBe('2000-02-29');
    expect(parseDate('next tuesday')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
  it('honours a declared format only', () => {
    expect(parseDate('03/01/2015', 'MM/DD/YYYY')).toBe('2015-03-01');
    expect(parseDate('2015-03-01', 'DD/MM/YYYY')).toBeNull();
  });
  it('converts to and from day numbers', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2000-03-01')! - dayNumber('2000-02-28')!).toBe(2);
    expect(fromDayNumber(dayNumber('2016-02-29')!)).toBe('2016-02-29');
    expect(dayNumber('2015-02-30')).toBeNull();
  });
});

describe('postcodes', () => {
  it('normalises the gov.uk example formats', () => {
    for (const code of ['SW1A 1AA', 'EC1A 1BB', 'W1A 0AX', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'GIR 0AA']) {
      expect(normalisePostcode(code.toLowerCase().replace(' ', ''))).toBe(code);
    }
    expect(normalisePostcode('  sw1a   1aa ')).toBe('SW1A 1AA');
  });
  it('rejects shapes BS7666 does not allow', () => {
    expect(isValidPostcode('QA1 1AA')).toBe(false); // Q never first
    expect(isValidPostcode('SW1A 1AC')).toBe(false); // C never in the inward letters
    expect(isValidPostcode('4223')).toBe(false);
    expect(isValidPostcode('')).toBe(false);
  });
  it('splits into unit, sector, district and area', () => {
    expect(postcodeParts('dn551pt')).toEqual({ unit: 'DN55 1PT', sector: 'DN55 1', district: 'DN55', area: 'DN' });
    expect(postcodeParts('M1 1AE')?.area).toBe('M');
    expect(postcodeParts('nope')).toBeNull();
  });
});

describe('NHS numbers (modulus 11)', () => {
  it('accepts published valid numbers in any spacing', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(normaliseNhsNumber('943-476-5919')).toBe('9434765919');
    expect(isValidNhsNumber('4010232137')).toBe(true);
  });
  it('rejects wrong check digits, check 10, placeholders and bad shapes', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    // 123456789x: weighted sum 210 → remainder 1 → check 10 → never issued.
    expect(isValidNhsNumber('1234567890')).toBe(false);
    expect(isValidNhsNumber('4444444444')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber(null)).toBe(false);
  });
});

describe('UPNs (check letter)', () => {
  it('accepts the published example and rejects a wrong check letter', () => {
    expect(isValidUpn('B801200005001')).toBe(true);
    expect(isValidUpn('A801200005001')).toBe(false);
    expect(normaliseUpn(' h801200001001 ')).toBe('H801200001001');
  });
  it('validates temporary UPNs whose last character is a letter', () => {
    const body = '80120000500A';
    const upn = `${upnCheckLetter(body)!}${body}`;
    // A has value 0 in position 13, so the check letter is that of "801200005000".
    expect(upnCheckLetter(body)).toBe(upnCheckLetter('801200005000'));
    expect(isValidUpn(upn)).toBe(true);
    expect(isTemporaryUpn(upn)).toBe(true);
    expect(isTemporaryUpn('B801200005001')).toBe(false);
  });
  it('rejects letters I, O and S and malformed middles', () => {
    expect(isValidUpn('X80120000A001')).toBe(false);
    expect(isValidUpn('I801200005001')).toBe(false);
    expect(isValidUpn('B80120000500')).toBe(false);
  });
});

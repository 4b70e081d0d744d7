import {
  committedToYearEnd,
  costForDays,
  daysInclusive,
  financialYearBounds,
  financialYearOf,
  splitAcrossFinancialYears,
} from './financial-year';

describe('financial-year arithmetic', () => {
  it('runs April to March, with 366 days in the year containing 29 February', () => {
    expect(financialYearOf('2024-03-31')).toBe(2023);
    expect(financialYearOf('2024-04-01')).toBe(2024);
    expect(financialYearBounds(2023)).toMatchObject({ label: '2023-24', start: '2023-04-01', end: '2024-03-31', days: 366 });
    expect(financialYearBounds(2024).days).toBe(365);
    expect(financialYearBounds(2099).label).toBe('2099-00');
  });

  it('counts days inclusively across a leap day', () => {
    expect(daysInclusive('2024-02-28', '2024-03-01')).toBe(3);
    expect(daysInclusive('2023-02-28', '2023-03-01')).toBe(2);
    expect(() => daysInclusive('2023-02-29', '2023-03-01')).toThrow(RangeError);
  });

  it('pro-rates part weeks by days', () => {
    expect(costForDays(700, 7)).toBe(700);
    expect(costForDays(700, 3)).toBe(300);
    expect(costForDays(1000, 1)).toBe(142.86);
  });

  it('splits a payment across the year end by days, keeping every penny', () => {
    // 25 March – 7 April 2024: 7 days in 2023-24, 7 days in 2024-25
    expect(splitAcrossFinancialYears('2024-03-25', '2024-04-07', 1400)).toEqual([
      { startYear: 2023, label: '2023-24', days: 7, amount: 700 },
      { startYear: 2024, label: '2024-25', days: 7, amount: 700 },
    ]);
    const shares = splitAcrossFinancialYears('2024-03-30', '2024-04-02', 100);
    expect(shares.map((s) => s.amount)).toEqual([50, 50]);
    const odd = splitAcrossFinancialYears('2023-03-31', '2023-04-02', 100);
    expect(odd.map((s) => s.amount)).toEqual([33.33, 66.67]);
    expect(odd.reduce((s, x) => s + x.amount, 0)).toBeCloseTo(100, 10);
  });

  it('commits an open placement to 31 March, leap year included', () => {
    // 1 Feb – 31 Mar 2024 = 29 + 31 = 60 days at £700 a week = £6,000
    expect(committedToYearEnd(700, '2024-02-01', '2024-01-15')).toEqual({ days: 60, amount: 6000 });
    expect(committedToYearEnd(700, '2025-02-01', '2025-01-15')).toEqual({ days: 59, amount: 5900 });
    expect(committedToYearEnd(700, '2025-04-02', '2025-01-15')).toEqual({ days: 0, amount: 0 });
    // a planned end before 31 March stops the commitment there
    expect(committedToYearEnd(700, '2025-02-01', '2025-01-15', '2025-02-14')).toEqual({ days: 14, amount: 1400 });
  });
});

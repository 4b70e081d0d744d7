/** Date comparators over ISO "YYYY-MM-DD" strings (the standardised form). */

/** Same year, day and month exchanged (04/03 vs 03/04): a classic transcription error. */
export function datesDayMonthSwapped(a: string, b: string): boolean {
  if (a.length !== 10 || b.length !== 10 || a === b) return false;
  return a.slice(0, 4) === b.slice(0, 4) && a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7);
}

/** Exactly one digit differs (one keying error) in the eight digits of the date. */
export function datesOneDigitApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let differences = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i) && ++differences > 1) return false;
  }
  return differences === 1;
}

const MS_PER_DAY = 86_400_000;

/** Absolute distance in days between two ISO dates (NaN when either is not a date). */
export function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / MS_PER_DAY;
}

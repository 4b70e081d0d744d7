/**
 * Dates as whole days since 1970-01-01 (UTC), so the generator never builds Date objects per row
 * and never reads the clock. Civil-date conversions after Howard Hinnant's `days_from_civil`.
 */
export type Day = number;

export function dayOf(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilOf(days: Day): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoOf(days: Day): string {
  const { year, month, day } = civilOf(days);
  return `${year}-${two(month)}-${two(day)}`;
}

export function isoOfCivil({ year, month, day }: CivilDate): string {
  return `${year}-${two(month)}-${two(day)}`;
}

/** Parses YYYY-MM-DD strictly (a real calendar date), or throws naming the text. */
export function parseIso(text: string): Day {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`not an ISO date (YYYY-MM-DD): ${text}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = dayOf(year, month, day);
  const back = civilOf(days);
  if (back.year !== year || back.month !== month || back.day !== day) throw new Error(`not a real date: ${text}`);
  return days;
}

/** Age in whole years on a date. */
export function ageOn(dob: Day, on: Day): number {
  const b = civilOf(dob);
  const o = civilOf(on);
  return o.year - b.year - (o.month < b.month || (o.month === b.month && o.day < b.day) ? 1 : 0);
}

/** 1 April of the financial year (April–March) containing the day. */
export function financialYearStart(days: Day): Day {
  const { year, month } = civilOf(days);
  return dayOf(month >= 4 ? year : year - 1, 4, 1);
}

/** 1 September starting the academic year of the day (school years run September–August). */
export function academicYearStart(days: Day): Day {
  const { year, month } = civilOf(days);
  return dayOf(month >= 9 ? year : year - 1, 9, 1);
}

/** Same calendar day n years later (29 February falls back to 28 February). */
export function addYears(days: Day, years: number): Day {
  const { year, month, day } = civilOf(days);
  const target = dayOf(year + years, month, day);
  return civilOf(target).month === month ? target : target - 1;
}

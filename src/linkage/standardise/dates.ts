/**
 * Date parsing. Output is an ISO calendar date "YYYY-MM-DD" or null: blank, malformed and
 * impossible dates (31/02/2015, month 13) are all null, never guessed.
 */

/** Formats a feed mapping may declare. Without one, parseDate accepts the unambiguous set. */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY', 'YYYYMMDD', 'MM/DD/YYYY', 'D MMM YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function isDateFormat(text: string): text is DateFormat {
  return (DATE_FORMATS as readonly string[]).includes(text);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO date from parts, or null when the parts do not name a real day. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parseWith(text: string, format: DateFormat): string | null {
  let m: RegExpExecArray | null;
  switch (format) {
    case 'YYYY-MM-DD':
      // A timestamp's date part is accepted (2024-03-01T10:00:00Z).
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text);
      return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    case 'DD/MM/YYYY':
    case 'DD-MM-YYYY':
    case 'DD.MM.YYYY': {
      const sep = format.charAt(2) === '/' ? '/' : format.charAt(2);
      m = new RegExp(`^(\\d{1,2})\\${sep}(\\d{1,2})\\${sep}(\\d{4})(?: .*)?$`).exec(text);
      return m ? isoDate(Number(m[3]), Number(m[2]), Number(m[1])) : null;
    }
    case 'MM/DD/YYYY':
      m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
      return m ? isoDate(Number(m[3]), Number(m[1]), Number(m[2])) : null;
    case 'YYYYMMDD':
      m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
      return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    case 'D MMM YYYY': {
      m = /^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*[ -](\d{4})$/.exec(text);
      if (!m) return null;
      const month = MONTHS.indexOf((m[2] ?? '').toUpperCase()) + 1;
      return month ? isoDate(Number(m[3]), month, Number(m[1])) : null;
    }
  }
}

/**
 * Parses a date. With a format, only that format is accepted. Without one: ISO, then the UK's
 * DD/MM/YYYY (also with - or .), YYYYMMDD and "1 Mar 2015". US MM/DD/YYYY is never guessed
 * because it is ambiguous with the UK form; declare it explicitly.
 */
export function parseDate(text: string | null | undefined, format?: DateFormat): string | null {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (format) return parseWith(trimmed, format);
  for (const candidate of ['YYYY-MM-DD', 'DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY', 'YYYYMMDD', 'D MMM YYYY'] as const) {
    const parsed = parseWith(trimmed, candidate);
    if (parsed) return parsed;
  }
  return null;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for an ISO date (compact storage and "within N days" comparisons). */
export function dayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || isoDate(Number(m[1]), Number(m[2]), Number(m[3])) === null) return null;
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

/** The ISO date of a day number. */
export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

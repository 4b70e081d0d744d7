/**
 * Date arithmetic for placement costs, on ISO `YYYY-MM-DD` strings and whole days (UTC), so no
 * time zone or daylight-saving change can move a day. English local-authority financial years run
 * 1 April to 31 March; the year containing 29 February has 366 days (e.g. 2023-24).
 */
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function epochDay(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) throw new RangeError(`no such date: ${iso}`);
  return ms / MS_PER_DAY;
}

export function isoFromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Days from start to end, both included (a one-night period 1–1 April is one day). */
export function daysInclusive(start: string, end: string): number {
  return Math.max(0, epochDay(end) - epochDay(start) + 1);
}

/** The calendar year in which the financial year containing `iso` starts (2025-03-31 → 2024). */
export function financialYearOf(iso: string): number {
  const year = Number(iso.slice(0, 4));
  return iso.slice(5) >= '04-01' ? year : year - 1;
}

/** "2024-25" */
export function financialYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export interface FinancialYearBounds {
  startYear: number;
  label: string;
  start: string;
  end: string;
  days: number;
}

export function financialYearBounds(startYear: number): FinancialYearBounds {
  const start = `${startYear}-04-01`;
  const end = `${startYear + 1}-03-31`;
  return { startYear, label: financialYearLabel(startYear), start, end, days: daysInclusive(start, end) };
}

export interface FinancialYearShare {
  startYear: number;
  label: string;
  days: number;
  amount: number;
}

/**
 * Splits an amount paid for a period across the financial years it spans, pro rata by days (a
 * part week is its days' share, never a whole week). Shares are rounded to pence with the
 * remainder on the last share, so they always add back to the amount.
 */
export function splitAcrossFinancialYears(start: string, end: string, amount: number): FinancialYearShare[] {
  const total = daysInclusive(start, end);
  if (total === 0) return [];
  const shares: FinancialYearShare[] = [];
  let allocatedPence = 0;
  const totalPence = Math.round(amount * 100);
  for (let fy = financialYearOf(start); fy <= financialYearOf(end); fy++) {
    const bounds = financialYearBounds(fy);
    const from = start > bounds.start ? start : bounds.start;
    const to = end < bounds.end ? end : bounds.end;
    const days = daysInclusive(from, to);
    const last = fy === financialYearOf(end);
    const pence = last ? totalPence - allocatedPence : Math.round((totalPence * days) / total);
    allocatedPence += pence;
    shares.push({ startYear: fy, label: bounds.label, days, amount: pence / 100 });
  }
  return shares;
}

/** Cost of `days` at a weekly rate: part weeks are pro-rated by days (rate × days ÷ 7). */
export function costForDays(weeklyRate: number, days: number): number {
  return Math.round(((weeklyRate * days) / 7) * 100) / 100;
}

/**
 * What an open placement will still cost from `from` (inclusive) to the end of the financial year
 * containing `asOf` — or to its planned end date if that comes first — at its weekly rate.
 * Nothing is committed if `from` is past that end.
 */
export function committedToYearEnd(
  weeklyRate: number,
  from: string,
  asOf: string,
  plannedEnd: string | null = null,
): { days: number; amount: number } {
  const yearEnd = financialYearBounds(financialYearOf(asOf)).end;
  const until = plannedEnd !== null && plannedEnd < yearEnd ? plannedEnd : yearEnd;
  const days = from > until ? 0 : daysInclusive(from, until);
  return { days, amount: costForDays(weeklyRate, days) };
}

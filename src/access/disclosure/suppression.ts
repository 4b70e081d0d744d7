/**
 * Small-number suppression for cohort tables, as NHS England publishes (e.g. its statistical
 * disclosure control for counts of people): a count of 1–7 is suppressed, every other published
 * count is rounded to the nearest 5 (0 stays 0). Secondary suppression then makes sure no
 * suppressed value can be recovered by subtraction: in every additive relation the table
 * publishes (a row's cells and its total, a column's cells and its total, the margins and the
 * grand total) there are either no suppressed values or at least two.
 */
export const PRIMARY_SUPPRESSION_MAX = 7;
export const ROUNDING_BASE = 5;

export interface CountTable {
  rows: readonly string[];
  columns: readonly string[];
  /** counts[r][c]: true counts. */
  counts: readonly (readonly number[])[];
}

export interface PublishedValue {
  /** Rounded count, or null when suppressed. */
  value: number | null;
  suppressed: boolean;
}

export interface PublishedTable {
  rows: readonly string[];
  columns: readonly string[];
  cells: PublishedValue[][];
  /** Row totals; for a one-column table these would repeat the cells, so they are not published. */
  rowTotals: PublishedValue[] | null;
  columnTotals: PublishedValue[];
  total: PublishedValue;
}

type ItemId = string;

export function roundToBase(value: number): number {
  return Math.round(value / ROUNDING_BASE) * ROUNDING_BASE;
}

export function isPrimarySuppressed(count: number): boolean {
  return count >= 1 && count <= PRIMARY_SUPPRESSION_MAX;
}

export function suppressTable(table: CountTable): PublishedTable {
  const R = table.rows.length;
  const C = table.columns.length;
  const cell = (r: number, c: number): number => table.counts[r]?.[c] ?? 0;
  const values = new Map<ItemId, number>();
  const isTotal = new Set<ItemId>();
  let grand = 0;
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) values.set(`c${r}.${c}`, cell(r, c));
  const publishRowTotals = C > 1;
  if (publishRowTotals) {
    for (let r = 0; r < R; r++) {
      let sum = 0;
      for (let c = 0; c < C; c++) sum += cell(r, c);
      values.set(`r${r}`, sum);
      isTotal.add(`r${r}`);
    }
  }
  for (let c = 0; c < C; c++) {
    let sum = 0;
    for (let r = 0; r < R; r++) sum += cell(r, c);
    values.set(`k${c}`, sum);
    isTotal.add(`k${c}`);
    grand += sum;
  }
  values.set('t', grand);
  isTotal.add('t');

  // The additive relations a reader could subtract along.
  const groups: ItemId[][] = [];
  if (publishRowTotals) {
    for (let r = 0; r < R; r++) groups.push([...Array.from({ length: C }, (_, c) => `c${r}.${c}`), `r${r}`]);
    groups.push([...Array.from({ length: R }, (_, r) => `r${r}`), 't']);
  }
  for (let c = 0; c < C; c++) groups.push([...Array.from({ length: R }, (_, r) => `c${r}.${c}`), `k${c}`]);
  if (C > 1) groups.push([...Array.from({ length: C }, (_, c) => `k${c}`), 't']);
  else groups.push(['k0', 't']); // one column: its total is the grand total

  const suppressed = new Set<ItemId>();
  for (const [id, value] of values) if (isPrimarySuppressed(value)) suppressed.add(id);

  // Complementary suppression: repeat until no relation has exactly one unknown. Prefer the
  // smallest non-zero cell (least information lost), then a total, then a zero cell.
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      const hidden = group.filter((id) => suppressed.has(id));
      if (hidden.length !== 1) continue;
      const candidates = group
        .filter((id) => !suppressed.has(id))
        .sort((a, b) => rank(a) - rank(b) || (values.get(a) ?? 0) - (values.get(b) ?? 0));
      const pick = candidates[0];
      if (pick === undefined) continue;
      suppressed.add(pick);
      changed = true;
    }
  }

  function rank(id: ItemId): number {
    const value = values.get(id) ?? 0;
    if (isTotal.has(id)) return 1;
    return value > 0 ? 0 : 2;
  }
  function publish(id: ItemId): PublishedValue {
    if (suppressed.has(id)) return { value: null, suppressed: true };
    return { value: roundToBase(values.get(id) ?? 0), suppressed: false };
  }
  return {
    rows: table.rows,
    columns: table.columns,
    cells: Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => publish(`c${r}.${c}`))),
    rowTotals: publishRowTotals ? Array.from({ length: R }, (_, r) => publish(`r${r}`)) : null,
    columnTotals: Array.from({ length: C }, (_, c) => publish(`k${c}`)),
    total: publish('t'),
  };
}

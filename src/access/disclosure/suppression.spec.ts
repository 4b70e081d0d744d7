import {
  isPrimarySuppressed,
  roundToBase,
  suppressTable,
  type CountTable,
  type PublishedTable,
  type PublishedValue,
} from './suppression';

/**
 * An attacker's view: every assignment of true counts consistent with what was published (a
 * published value v means a true count that rounds to v and is not 1–7; a suppressed value means
 * any count up to `max`) and with the table's sums. Returns the feasible true values of one cell.
 * Depth-first, row by row, pruning on each completed row total.
 */
function feasibleValues(pub: PublishedTable, target: [number, number], max: number): Set<number> {
  const R = pub.rows.length;
  const C = pub.columns.length;
  const allowed = (p: PublishedValue): number[] =>
    Array.from({ length: max + 1 }, (_, i) => i).filter(
      (v) => p.suppressed || (roundToBase(v) === p.value && !isPrimarySuppressed(v)),
    );
  const fits = (p: PublishedValue | undefined, v: number): boolean =>
    p === undefined || p.suppressed || (roundToBase(v) === p.value && !isPrimarySuppressed(v));
  const options = pub.cells.map((row) => row.map(allowed));
  const cells: number[][] = Array.from({ length: R }, () => Array.from({ length: C }, () => 0));
  const seen = new Set<number>();
  const walk = (r: number, c: number, rowSum: number): void => {
    if (c === C) {
      if (pub.rowTotals && !fits(pub.rowTotals[r], rowSum)) return;
      if (r + 1 < R) return walk(r + 1, 0, 0);
      let grand = 0;
      for (let k = 0; k < C; k++) {
        let sum = 0;
        for (let i = 0; i < R; i++) sum += cells[i]![k]!;
        if (!fits(pub.columnTotals[k], sum)) return;
        grand += sum;
      }
      if (fits(pub.total, grand)) seen.add(cells[target[0]]![target[1]]!);
      return;
    }
    for (const v of options[r]![c]!) {
      cells[r]![c] = v;
      walk(r, c + 1, rowSum + v);
    }
  };
  walk(0, 0, 0);
  return seen;
}

describe('small-number suppression (NHS England style: 1–7 suppressed, rounded to 5)', () => {
  it('suppresses 1–7, rounds the rest to the nearest 5 and keeps zeros', () => {
    const pub = suppressTable({
      rows: ['a', 'b', 'c', 'd'],
      columns: ['all'],
      counts: [[0], [8], [23], [120]],
    });
    expect(pub.cells.map((r) => r[0]?.value)).toEqual([0, 10, 25, 120]);
    expect(pub.total).toEqual({ value: 150, suppressed: false });
    const small = suppressTable({ rows: ['a', 'b', 'c'], columns: ['all'], counts: [[1], [7], [40]] });
    expect(small.cells.map((r) => r[0]?.suppressed)).toEqual([true, true, false]);
  });

  it('a lone suppressed cell in a one-way table gets a complement, so the total does not give it away', () => {
    const pub = suppressTable({
      rows: ['foster', 'home', 'secure'],
      columns: ['all'],
      counts: [[40], [30], [3]],
    });
    expect(pub.cells[2]?.[0]?.suppressed).toBe(true);
    expect(pub.cells.filter((r) => r[0]?.suppressed)).toHaveLength(2);
    expect(pub.total.suppressed).toBe(false);
  });

  it('no published row, column or total relation has exactly one unknown', () => {
    const table: CountTable = {
      rows: ['fostering', 'childrens_home', 'secure', 'other'],
      columns: ['under 1', '1 to 4', '5 to 9', '10 to 15'],
      counts: [
        [12, 30, 44, 51],
        [0, 0, 9, 26],
        [0, 0, 0, 4],
        [3, 11, 0, 15],
      ],
    };
    const pub = suppressTable(table);
    const unknownCount = (values: PublishedValue[]): number => values.filter((v) => v.suppressed).length;
    for (let r = 0; r < 4; r++)
      expect([0, 2, 3, 4, 5]).toContain(unknownCount([...pub.cells[r]!, pub.rowTotals![r]!]));
    for (let c = 0; c < 4; c++)
      expect([0, 2, 3, 4, 5]).toContain(
        unknownCount([...pub.cells.map((row) => row[c]!), pub.columnTotals[c]!]),
      );
    expect([0, 2, 3, 4, 5]).toContain(unknownCount([...pub.rowTotals!, pub.total]));
    expect([0, 2, 3, 4, 5]).toContain(unknownCount([...pub.columnTotals, pub.total]));
  });

  it('a suppressed cell cannot be recovered from the published cells and totals (exhaustive attack)', () => {
    // 2x3 table with one small cell (3); margins and total published.
    const table: CountTable = {
      rows: ['EHC plan', 'no EHC plan'],
      columns: ['WX1', 'WX2', 'WX3'],
      counts: [
        [3, 12, 10],
        [9, 14, 11],
      ],
    };
    const pub = suppressTable(table);
    expect(pub.cells[0]?.[0]?.suppressed).toBe(true);
    const feasible = feasibleValues(pub, [0, 0], 25);
    expect(feasible.has(3)).toBe(true); // the truth is consistent…
    expect(feasible.size).toBeGreaterThan(1); // …but so is something else: not recoverable
    // Without the complement the attack narrows it to a handful of small values (from the row and
    // column totals); with it, the cell may as well be large: it is not even known to be small.
    const primaryOnly: PublishedTable = {
      ...pub,
      cells: table.counts.map((row) =>
        row.map((v) =>
          isPrimarySuppressed(v)
            ? { value: null, suppressed: true }
            : { value: roundToBase(v), suppressed: false },
        ),
      ),
    };
    const leaked = feasibleValues(primaryOnly, [0, 0], 25);
    expect(Math.max(...leaked)).toBeLessThanOrEqual(7); // known to be a small number: the disclosure
    expect([...feasible].some((v) => v > 7)).toBe(true); // with the complement it may as well be large
  });
});

import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../access/auth-context';
import { AuditService } from '../access/audit/audit.service';
import { suppressTable, type PublishedValue } from '../access/disclosure/suppression';
import { postcodeDistrict } from '../access/pseudonym/pseudonymiser';
import { ChildPopulationRepository, type ChildPopulationRow } from './child-population.repository';
import {
  CohortDimension,
  type CohortInput,
  type CohortMarginModel,
  type CohortResultModel,
} from './cohort.model';

/** Age groups of the DfE "Children looked after in England" statistics (age at the reference date). */
const AGE_BANDS: ReadonlyArray<[number, string]> = [
  [1, 'under 1'],
  [5, '1 to 4'],
  [10, '5 to 9'],
  [16, '10 to 15'],
  [Infinity, '16 and over'],
];

export function ageBand(dob: string | null, today: Date): string {
  if (!dob || !/^\d{4}-\d{2}-\d{2}/.test(dob)) return 'unknown';
  const [y, m, d] = dob.slice(0, 10).split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age -= 1;
  if (age < 0) return 'unknown';
  return AGE_BANDS.find(([below]) => age < below)?.[1] ?? 'unknown';
}

/** One child's value of a dimension: the reference the SQL in ChildPopulationRepository mirrors. */
export function valueOf(row: ChildPopulationRow, dimension: CohortDimension, today: Date): string {
  switch (dimension) {
    case CohortDimension.PLACEMENT_GROUP:
      return row.placementGroup ?? 'not placed';
    case CohortDimension.AGE_BAND:
      return ageBand(row.dob, today);
    case CohortDimension.DISTRICT:
      return postcodeDistrict(row.postcode) ?? 'unknown';
    case CohortDimension.EHC_PLAN:
      return row.ehcPlan ? 'EHC plan' : 'no EHC plan';
    case CohortDimension.SEX:
      return row.sex ?? 'unknown';
  }
}

const RULE =
  'counts 1–7 suppressed, others rounded to the nearest 5; complementary suppression so no suppressed value follows from a published total';

/** ICB cohort tables: aggregates only, with small-number and complementary suppression. */
@Injectable()
export class CohortService {
  constructor(
    @Inject(ChildPopulationRepository) private readonly population: ChildPopulationRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async cohort(auth: AuthContext, input: CohortInput, today = new Date()): Promise<CohortResultModel> {
    const district = input.district?.toUpperCase().replace(/\s+/g, '') ?? null;
    const columnDimension = input.columns ?? null;
    // Grouped in the database: only the non-empty cells come back, never the population.
    const cells = await this.population.cohortCounts({
      rows: input.rows,
      columns: columnDimension,
      lookedAfterOnly: input.lookedAfterOnly === true,
      ehcPlan: input.ehcPlan ?? null,
      district,
      today,
    });
    const rows = [...new Set(cells.map((c) => c.row))].sort();
    const columns = [...new Set(cells.map((c) => c.column))].sort();
    if (columns.length === 0) columns.push('all');
    const counts = rows.map(() => columns.map(() => 0));
    for (const cell of cells) {
      const line = counts[rows.indexOf(cell.row)];
      const k = columns.indexOf(cell.column);
      if (line && k >= 0) line[k] = (line[k] ?? 0) + cell.count;
    }
    const table = suppressTable({ rows, columns, counts });
    const margin = (label: string, value: PublishedValue): CohortMarginModel => ({
      label,
      count: value.value,
      suppressed: value.suppressed,
    });
    // Aggregates are not person-level, but who asked for which cohort is still worth keeping.
    await this.audit.record({
      auth,
      operation: 'cohort',
      personIds: [],
      fields: [`CohortResult:${input.rows}x${columnDimension ?? '-'}`],
    });
    return {
      rows,
      columns,
      cells: rows.flatMap((row, r) =>
        columns.map((column, k) => {
          const cell = table.cells[r]?.[k] ?? { value: null, suppressed: true };
          return { row, column, count: cell.value, suppressed: cell.suppressed };
        }),
      ),
      rowTotals: table.rowTotals
        ? rows.map((row, r) => margin(row, table.rowTotals?.[r] ?? { value: null, suppressed: true }))
        : [],
      columnTotals: columns.map((column, k) =>
        margin(column, table.columnTotals[k] ?? { value: null, suppressed: true }),
      ),
      total: margin('total', table.total),
      disclosureControl: RULE,
    };
  }
}

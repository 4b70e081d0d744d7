import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { loadCouncil } from '../../e2e/support/council-fixture';
import {
  ChildPopulationRepository,
  type CohortCount,
  type CohortDimensionKey,
} from '../../../src/views/child-population.repository';
import { valueOf } from '../../../src/views/cohort.service';
import { CohortDimension } from '../../../src/views/cohort.model';
import { postcodeDistrict } from '../../../src/access/pseudonym/pseudonymiser';

/** Thirty more social care children whose values spread over every dimension's edge cases. */
async function addVariedChildren(db: TestDatabase['dataSource']): Promise<void> {
  const [load] = await db.query<Array<{ id: string }>>(
    `insert into feed_load (feed, file_name, checksum, status) values ('csc-children', 'varied', 'x', 'running') returning id`,
  );
  await db.query(
    `insert into source_record (feed, source_id, version, load_id, row_number, content_hash, payload, std, forename, surname, dob, postcode, sex)
     select 'csc-children', 'V' || n, 1, $1, n, md5('v' || n),
            jsonb_build_object('la_child_id', 'V' || n, 'allocated_team', 'south',
                               'looked_after', (array['Y', 'N', 'yes', ' true '])[1 + n % 4]),
            '{}', 'CHILD' || n, 'VARIED',
            case when n % 7 = 0 then null else date '2000-01-01' + n * 230 end,
            (array['WX3 1AA', 'wx31ab', 'SW1A 1AA', 'not a postcode', null, 'M1 1AE'])[1 + n % 6],
            (array['M', 'F', null])[1 + n % 3]
     from generate_series(1, 30) n`,
    [load!.id],
  );
  await db.query(
    `insert into person (id, number) select 'P' || lpad((500 + n)::text, 10, '0'), 500 + n from generate_series(1, 30) n`,
  );
  await db.query(
    `insert into person_link (feed, source_id, source_record_id, person_id, rule_set_version, method)
     select 'csc-children', s.source_id, s.id, 'P' || lpad((500 + substr(s.source_id, 2)::int)::text, 10, '0'), 'fixture', 'deterministic'
     from source_record s where s.feed = 'csc-children' and s.source_id like 'V%'`,
  );
  await db.query(
    `insert into placement (placement_id, source_record_id, la_child_id, start_date, placement_type, placement_group, provider_name)
     select 'VP' || substr(s.source_id, 2), s.id, s.source_id, date '2025-01-01', 'K2',
            (array['childrens_home', 'fostering_agency', 'fostering_in_house'])[1 + substr(s.source_id, 2)::int % 3], 'Hill House'
     from source_record s where s.feed = 'csc-children' and s.source_id like 'V%' and substr(s.source_id, 2)::int % 4 <> 0`,
  );
}

const DIMENSIONS = Object.values(CohortDimension) as CohortDimensionKey[];

/**
 * The cohort table is grouped in SQL (ChildPopulationRepository.cohortCounts). Its cells must equal
 * a brute-force count of the whole population with the TypeScript dimension functions, for every
 * pair of dimensions, each filter, and reference dates that move children across age bands.
 */
describe('cohort cell counts in SQL equal a brute-force count (real PostgreSQL)', () => {
  let db: TestDatabase;
  let population: ChildPopulationRepository;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCouncil(db.dataSource);
    await addVariedChildren(db.dataSource);
    population = new ChildPopulationRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  const sorted = (cells: CohortCount[]): CohortCount[] =>
    [...cells].sort((a, b) => `${a.row}\u0000${a.column}`.localeCompare(`${b.row}\u0000${b.column}`));

  it('matches for every dimension pair, filter and reference date', async () => {
    const children = await population.socialCareChildren();
    expect(children.length).toBeGreaterThan(10);
    const dates = [new Date(), new Date('2012-06-15T00:00:00Z'), new Date('2000-01-01T00:00:00Z'), new Date('2013-03-08T00:00:00Z')];
    const filters = [
      { lookedAfterOnly: false, ehcPlan: null, district: null },
      { lookedAfterOnly: true, ehcPlan: null, district: null },
      { lookedAfterOnly: false, ehcPlan: true, district: null },
      {
        lookedAfterOnly: false,
        ehcPlan: null,
        district: children.map((c) => postcodeDistrict(c.postcode)).find((d) => d !== null) ?? null,
      },
    ];
    let nonEmpty = 0;
    for (const today of dates)
      for (const filter of filters)
        for (const rows of DIMENSIONS)
          for (const columns of [null, ...DIMENSIONS.filter((d) => d !== rows)]) {
            const expected = new Map<string, CohortCount>();
            for (const c of children) {
              if (filter.lookedAfterOnly && !c.lookedAfter) continue;
              if (filter.ehcPlan !== null && c.ehcPlan !== filter.ehcPlan) continue;
              if (filter.district !== null && postcodeDistrict(c.postcode) !== filter.district) continue;
              const row = valueOf(c, rows as CohortDimension, today);
              const column = columns ? valueOf(c, columns as CohortDimension, today) : 'all';
              const key = `${row}\u0000${column}`;
              const cell = expected.get(key) ?? { row, column, count: 0 };
              cell.count += 1;
              expected.set(key, cell);
            }
            const actual = await population.cohortCounts({ rows, columns, ...filter, today });
            expect({ rows, columns, today, filter, cells: sorted(actual) }).toEqual({
              rows,
              columns,
              today,
              filter,
              cells: sorted([...expected.values()]),
            });
            nonEmpty += actual.length;
          }
    expect(nonEmpty).toBeGreaterThan(0);
  }, 120_000);
});

import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { orderedPair } from '../../../src/person-index/person-feeds';
import { insertRecords, ref } from './fixtures';

/**
 * Many servers default to a linguistic collation (en_US.utf8), where case and punctuation only
 * break ties; the person index orders pairs in TypeScript. The check on review_item must agree
 * with the code whatever the server's default, so the columns are switched to a linguistic
 * collation here to stand in for such a server.
 */
describe('review_item pair order agrees with the code under a linguistic collation (real PostgreSQL)', () => {
  let db: TestDatabase;
  let collation: string | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    const found = await db.dataSource.query<Array<{ name: string }>>(
      `select collname name from pg_collation
        where collname in ('en_US.utf8', 'en_US.UTF-8', 'en-US-x-icu', 'en-x-icu', 'und-x-icu') order by collprovider desc, collname limit 1`,
    );
    collation = found[0]?.name;
    await db.dataSource.query(
      `alter table review_item alter column source_id_a type text collate "${collation}",
                               alter column source_id_b type text collate "${collation}"`,
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each([
    ['a-1', 'A_1'],
    ['x1', 'Y1'],
  ])('stores the pair %s / %s in the order orderedPair gives', async (one, two) => {
    expect(collation).toBeDefined();
    const ids = await insertRecords(db.dataSource, [
      { feed: 'health-patients', sourceId: one, forename: 'AMY', surname: 'ROSS', dob: '2014-01-02' },
      { feed: 'health-patients', sourceId: two, forename: 'AMY', surname: 'ROSS', dob: '2014-01-02' },
    ]);
    const [first, second] = orderedPair(ref('health-patients', one), ref('health-patients', two));
    const idOf = (sourceId: string) => (sourceId === one ? ids[0] : ids[1]);
    await db.dataSource.query(
      `insert into review_item (feed_a, source_id_a, source_record_id_a, feed_b, source_id_b, source_record_id_b,
          match_probability, match_weight, explanation, rule_set_version)
       values ($1, $2, $3, $4, $5, $6, 0.8, 2, '{}', 'test')`,
      [first.feed, first.sourceId, idOf(first.sourceId), second.feed, second.sourceId, idOf(second.sourceId)],
    );
    const rows = await db.dataSource.query<Array<{ a: string; b: string }>>(
      `select source_id_a a, source_id_b b from review_item where source_id_a in ($1, $2)`,
      [one, two],
    );
    expect(rows).toEqual([{ a: first.sourceId, b: second.sourceId }]);
  });
});

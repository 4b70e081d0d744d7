import { createTestApp, type TestApp } from '../../support/test-app';
import { tokenFor } from '../../support/tokens';
import { errorCode, gql } from '../../e2e/support/graphql';
import { ALICE, loadCouncil } from '../../e2e/support/council-fixture';
import { PersonStewardService, MAX_SPLIT_RECORDS } from '../../../src/person-index/person-steward.service';
import { toGraphQLError } from '../../../src/person-index/person-index.exception';

/** Inputs a caller controls are bounded before they become database work. */
describe('bounded search and split inputs (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await loadCouncil(t.db.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const search = (name: string) =>
    gql(t.app, 'query($s: ChildSearchInput!) { searchChildren(search: $s) { nodes { personId } } }', {
      token: tokenFor(t.app, { role: 'data_steward' }),
      variables: { s: { name, first: 5 } },
    });

  it('searchChildren: more than 5 name words, or a word over 50 characters, is BAD_USER_INPUT', async () => {
    const ok = await search('ALICE A B C D');
    expect(ok.errors).toBeUndefined();
    const tooMany = await search('ALICE A B C D E');
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0]?.message).toMatch(/at most 5 words/);
    expect((await search('A'.repeat(50))).errors).toBeUndefined();
    expect(errorCode(await search('A'.repeat(51)))).toBe('BAD_USER_INPUT');
  });

  it('splitPerson: more than 10,000 named records is refused (BAD_USER_INPUT) before any database work', async () => {
    const records = Array.from({ length: MAX_SPLIT_RECORDS + 1 }, (_, i) => ({
      feed: 'csc-children',
      sourceId: `X${i}`,
    }));
    const steward = t.app.get(PersonStewardService);
    const refused = await steward
      .splitPerson(ALICE, records, { actor: 'steward-1', reason: 'test' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/at most 10000 records/);
    expect((toGraphQLError(refused) as { extensions: { code: string } }).extensions.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('childRecord: an id that is not a person id is NOT_FOUND, and never fails the reads of others', async () => {
    const worker = tokenFor(t.app, { role: 'social_worker', team: 'north' });
    const read = (personId: string) =>
      gql(t.app, 'query($id: ID!) { childRecord(personId: $id) { personId } }', {
        token: worker,
        variables: { id: personId },
      });
    const [bad, good, nul] = await Promise.all([read('not-an-id'), read(ALICE), read('P\u0000')]);
    expect(errorCode(bad)).toBe('NOT_FOUND');
    expect(errorCode(nul)).toBe('NOT_FOUND');
    expect(good.errors).toBeUndefined();
    expect(good.data).toEqual({ childRecord: { personId: ALICE } });
  });
});

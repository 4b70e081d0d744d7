import { join } from 'node:path';
import { IngestService } from '../../../src/feeds/ingest.service';
import { createTestApp, type TestApp } from '../../support/test-app';
import { tokenFor } from '../../support/tokens';
import { gql } from '../../e2e/support/graphql';
import { FIXTURES, TODAY } from './feed-test-kit';

interface LoadsPage {
  feedLoads: {
    nodes: Array<{
      id: string;
      feed: string;
      status: string;
      read: number;
      accepted: number;
      rejected: number;
      unchanged: number;
      quarantinedRows: {
        nodes: Array<{ rowNumber: number; reasons: string[] }>;
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
      };
      dataQuality: Array<{
        field: string;
        completeness: number;
        validity: number;
        distinctValues: number | null;
      }>;
    }>;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

const LOADS = `query Loads($after: String, $quarantineAfter: String) {
  feedLoads(first: 1, after: $after) {
    nodes { id feed status read accepted rejected unchanged
      quarantinedRows(first: 2, after: $quarantineAfter) { nodes { rowNumber reasons } pageInfo { endCursor hasNextPage } }
      dataQuality { field completeness validity distinctValues } }
    pageInfo { endCursor hasNextPage }
  }
}`;

describe('feed loads over GraphQL (data stewards only)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const ingest = t.app.get(IngestService);
    await ingest.ingestFile('csc-placements', join(FIXTURES, 'csc-placements.good.csv'), { today: TODAY });
    await ingest.ingestFile('csc-children', join(FIXTURES, 'csc-children.bad.csv'), { today: TODAY });
  });
  afterAll(async () => {
    await t.close();
  });

  it('pages loads newest first, with quarantined rows (paged) and data-quality metrics', async () => {
    const token = tokenFor(t.app, { role: 'data_steward' });
    const first = await gql<LoadsPage>(t.app, LOADS, { token });
    expect(first.errors).toBeUndefined();
    const page = first.data?.feedLoads;
    expect(page?.pageInfo.hasNextPage).toBe(true);
    const load = page?.nodes[0];
    expect(load).toMatchObject({
      feed: 'csc-children',
      status: 'completed',
      read: 14,
      accepted: 4,
      rejected: 10,
      unchanged: 0,
    });
    expect(load?.quarantinedRows.nodes).toEqual([
      { rowNumber: 3, reasons: ['missing required value: la_child_id'] },
      {
        rowNumber: 4,
        reasons: [
          'bad date in dob: "2015-02-31" (expected YYYY-MM-DD)',
          'bad yes/no value in cp_plan: "maybe"',
        ],
      },
    ]);
    expect(load?.quarantinedRows.pageInfo.hasNextPage).toBe(true);
    const nhs = load?.dataQuality.find((m) => m.field === 'nhs_number');
    expect(nhs).toEqual({ field: 'nhs_number', completeness: 3 / 14, validity: 2 / 3, distinctValues: 1 });

    const next = await gql<LoadsPage>(t.app, LOADS, {
      token,
      variables: {
        after: page?.pageInfo.endCursor,
        quarantineAfter: load?.quarantinedRows.pageInfo.endCursor,
      },
    });
    expect(next.data?.feedLoads.nodes.map((n) => n.feed)).toEqual(['csc-placements']);
    expect(next.data?.feedLoads.pageInfo.hasNextPage).toBe(false);
  });

  it('continues the quarantine from its cursor', async () => {
    const token = tokenFor(t.app, { role: 'data_steward' });
    const first = await gql<LoadsPage>(t.app, LOADS, { token });
    const cursor = first.data?.feedLoads.nodes[0]?.quarantinedRows.pageInfo.endCursor;
    const next = await gql<LoadsPage>(t.app, LOADS, { token, variables: { quarantineAfter: cursor } });
    expect(next.data?.feedLoads.nodes[0]?.quarantinedRows.nodes.map((r) => r.rowNumber)).toEqual([5, 6]);
  });

  it('denies every other role and anonymous callers', async () => {
    for (const role of ['social_worker', 'finance', 'icb_partner', 'analyst'] as const) {
      const res = await gql(t.app, LOADS, { token: tokenFor(t.app, { role, team: 'Team A' }) });
      expect(res.data?.feedLoads ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await gql(t.app, LOADS);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

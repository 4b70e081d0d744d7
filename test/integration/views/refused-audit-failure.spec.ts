import { Logger } from '@nestjs/common';
import { createTestApp, type TestApp } from '../../support/test-app';
import { tokenFor } from '../../support/tokens';
import { errorCode, gql } from '../../e2e/support/graphql';
import { BEN, loadCouncil } from '../../e2e/support/council-fixture';
import { AuditService } from '../../../src/access/audit/audit.service';

/**
 * A refused attempt is audited in the background (so a refusal answers as fast as an unknown id).
 * When that write fails the caller still gets NOT_FOUND, but the failure is logged without personal
 * data and counted — never swallowed.
 */
describe('refused-attempt audit write failure (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await loadCouncil(t.db.dataSource);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('is logged (operation and error class only) and counted; the answer stays NOT_FOUND', async () => {
    const audit = t.app.get(AuditService);
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    // The database refuses refusal rows: a real write failure, not a mocked one.
    await t.db.dataSource.query(
      `alter table access_audit add constraint test_no_refused check (operation <> 'refused') not valid`,
    );
    const before = audit.backgroundFailures;
    const worker = tokenFor(t.app, { role: 'social_worker', team: 'north', subject: 'sw-curious' });
    const res = await gql(t.app, `{ childRecord(personId: "${BEN}") { personId } }`, { token: worker });
    expect(errorCode(res)).toBe('NOT_FOUND');
    await audit.flush();
    expect(audit.backgroundFailures).toBe(before + 1);
    const logged = errors.mock.calls.map((call) => String(call[0])).filter((m) => m.includes('access audit'));
    expect(logged).toEqual(['access audit write failed (operation refused): DatabaseError']);
    expect(logged.join(' ')).not.toMatch(/P\d{10}|sw-curious/);
  });
});

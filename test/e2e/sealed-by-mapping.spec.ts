import { tokenFor } from '../support/tokens';
import { errorCode, gql } from './support/graphql';
import { SEALED, useCouncilApp } from './support/council-fixture';

const CHILD_RECORD = `query ($id: ID!) { childRecord(personId: $id) { personId sealed identity { forename surname } } }`;
const FINANCE_CHILD = `query ($id: ID!) { financeChild(personId: $id) { personId forename surname } }`;

/**
 * A council whose export codes adoption its own way (here "E1") maps the code to ADOPTED in its
 * mapping's values; the feed then standardises the record as sealed (std.sealed_pre_adoption)
 * while the payload keeps the value as read. The views must seal on the standardised flag.
 */
describe('a pre-adoption identity sealed through a council code list (e2e, real PostgreSQL)', () => {
  const council = useCouncilApp();

  const setC3 = async (legalStatus: string, std: Record<string, unknown>): Promise<void> => {
    await council.t.db.dataSource.query(
      `update source_record set payload = jsonb_set(payload, '{legal_status}', to_jsonb($1::text)), std = $2::jsonb
       where feed = 'csc-children' and source_id = 'C3'`,
      [legalStatus, JSON.stringify(std)],
    );
  };

  it('opens the record while the council code means something else, seals it once it maps to ADOPTED', async () => {
    const { app } = council;
    const worker = tokenFor(app, { role: 'social_worker', team: 'north', subject: 'sw-north' });
    const finance = tokenFor(app, { role: 'finance', subject: 'fin-1' });

    await setC3('E1', { legal_status: 'E1', sealed_pre_adoption: false });
    const open = await gql(app, CHILD_RECORD, { token: worker, variables: { id: SEALED } });
    expect(open.errors).toBeUndefined();
    expect(open.data).toEqual({
      // sealed itself is a steward's field: null for a social worker.
      childRecord: { personId: SEALED, sealed: null, identity: { forename: 'BIRTHNAME', surname: 'SEALED' } },
    });

    await setC3('E1', { legal_status: 'ADOPTED', sealed_pre_adoption: true });
    const sealed = await gql(app, CHILD_RECORD, { token: worker, variables: { id: SEALED } });
    expect(errorCode(sealed)).toBe('NOT_FOUND');
    expect(JSON.stringify(sealed)).not.toContain('BIRTHNAME');
    const forFinance = await gql(app, FINANCE_CHILD, { token: finance, variables: { id: SEALED } });
    expect(errorCode(forFinance)).toBe('NOT_FOUND');
    expect(JSON.stringify(forFinance)).not.toContain('BIRTHNAME');

    const steward = tokenFor(app, { role: 'data_steward', subject: 'steward-1' });
    const stewardView = await gql(app, CHILD_RECORD, { token: steward, variables: { id: SEALED } });
    expect(stewardView.errors).toBeUndefined();
    expect(stewardView.data).toMatchObject({ childRecord: { personId: SEALED, sealed: true } });
  });
});

import { EARLIEST_BIRTH_DATE, SEX_VALUES, type FeedSchema } from './feed-schema';

/** The ICB's patient extract: one row per registered patient, keyed by the local patient id. */
export const HEALTH_PATIENTS: FeedSchema = {
  feed: 'health-patients',
  columns: [
    { name: 'nhs_number', type: 'text', identifier: 'nhs_number' },
    { name: 'local_patient_id', type: 'text', required: true },
    { name: 'given_name', type: 'text', personName: true },
    { name: 'family_name', type: 'text', personName: true },
    { name: 'dob', type: 'date', required: true, future: 'reject', notBefore: EARLIEST_BIRTH_DATE },
    { name: 'sex', type: 'enum', values: SEX_VALUES },
    { name: 'postcode', type: 'text', identifier: 'postcode' },
    { name: 'gp_practice_code', type: 'text' },
    { name: 'registered_from', type: 'date', future: 'reject' },
    { name: 'last_health_assessment', type: 'date', future: 'reject' },
    { name: 'immunisations_up_to_date', type: 'bool' },
  ],
  sourceId: ['local_patient_id'],
  identity: {
    forename: 'given_name',
    surname: 'family_name',
    altSurnames: [],
    dob: 'dob',
    sex: 'sex',
    postcode: 'postcode',
    nhsNumber: 'nhs_number',
  },
};

import { EARLIEST_BIRTH_DATE, SEX_VALUES, type FeedSchema } from './feed-schema';

/** School census: one row per pupil. SEN provision codes are the census's N (none), K (SEN support), E (EHC plan). */
export const EDUCATION_PUPILS: FeedSchema = {
  feed: 'education-pupils',
  columns: [
    { name: 'pupil_ref', type: 'text', required: true },
    { name: 'upn', type: 'text', identifier: 'upn' },
    { name: 'former_upn', type: 'text', identifier: 'upn' },
    { name: 'forename', type: 'text', personName: true },
    { name: 'middle_names', type: 'text', personName: true },
    { name: 'surname', type: 'text', personName: true },
    { name: 'preferred_surname', type: 'text', personName: true },
    { name: 'dob', type: 'date', required: true, future: 'reject', notBefore: EARLIEST_BIRTH_DATE },
    { name: 'sex', type: 'enum', values: SEX_VALUES },
    { name: 'postcode', type: 'text', identifier: 'postcode' },
    { name: 'school_urn', type: 'text' },
    { name: 'school_name', type: 'text' },
    {
      name: 'sen_provision',
      type: 'enum',
      values: { N: ['NONE'], K: ['SEN SUPPORT'], E: ['EHC', 'EHCP', 'EHC PLAN', 'S'] },
    },
    { name: 'fsm_eligible', type: 'bool' },
    { name: 'attendance_pct', type: 'decimal', min: 0, max: 100 },
    { name: 'exclusions', type: 'int', min: 0 },
    { name: 'census_date', type: 'date', future: 'reject' },
  ],
  sourceId: ['pupil_ref'],
  identity: {
    forename: 'forename',
    middleNames: 'middle_names',
    surname: 'surname',
    altSurnames: ['preferred_surname'],
    dob: 'dob',
    sex: 'sex',
    postcode: 'postcode',
    upn: 'upn',
  },
};

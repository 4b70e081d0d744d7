import { EARLIEST_BIRTH_DATE, SEX_VALUES, type FeedSchema } from './feed-schema';

/**
 * Children's social care: one row per child record. Unborn children are real records here: blank
 * forename, dob = expected date of delivery (possibly in the future, so flagged rather than
 * rejected), no NHS number. legal_status ADOPTED marks a pre-adoption identity closed on adoption.
 */
export const CSC_CHILDREN: FeedSchema = {
  feed: 'csc-children',
  columns: [
    { name: 'la_child_id', type: 'text', required: true },
    { name: 'forename', type: 'text', personName: true },
    { name: 'middle_names', type: 'text', personName: true },
    { name: 'surname', type: 'text', personName: true },
    { name: 'former_surname', type: 'text', personName: true },
    { name: 'dob', type: 'date', required: true, future: 'flag', notBefore: EARLIEST_BIRTH_DATE },
    { name: 'sex', type: 'enum', values: SEX_VALUES },
    { name: 'ethnicity', type: 'text' },
    { name: 'nhs_number', type: 'text', identifier: 'nhs_number' },
    { name: 'upn', type: 'text', identifier: 'upn' },
    { name: 'postcode', type: 'text', identifier: 'postcode' },
    { name: 'address_line1', type: 'text' },
    { name: 'allocated_team', type: 'text' },
    { name: 'allocated_worker', type: 'text' },
    { name: 'legal_status', type: 'text' },
    { name: 'cp_plan', type: 'bool' },
    { name: 'looked_after', type: 'bool' },
    { name: 'updated_at', type: 'date', future: 'reject' },
  ],
  sourceId: ['la_child_id'],
  identity: {
    forename: 'forename',
    middleNames: 'middle_names',
    surname: 'surname',
    altSurnames: ['former_surname'],
    dob: 'dob',
    sex: 'sex',
    postcode: 'postcode',
    nhsNumber: 'nhs_number',
    upn: 'upn',
  },
  // The person index keeps a pre-adoption identity apart from the adopted child's; access seals it.
  flags: (std) => ({
    sealed_pre_adoption: typeof std.legal_status === 'string' && std.legal_status.toUpperCase() === 'ADOPTED',
  }),
};

/** The generated world: canonical feed columns, output files and the people behind the records. */
import type { Day } from './calendar';

export type Sex = 'M' | 'F';

/** Canonical feed columns, exactly as in DESIGN.md "Canonical feeds" (the contract). */
export const FEED_COLUMNS = {
  'csc-children': [
    'la_child_id', 'forename', 'middle_names', 'surname', 'former_surname', 'dob', 'sex', 'ethnicity', 'nhs_number',
    'upn', 'postcode', 'address_line1', 'allocated_team', 'allocated_worker', 'legal_status', 'cp_plan',
    'looked_after', 'updated_at',
  ],
  'csc-placements': [
    'placement_id', 'la_child_id', 'start_date', 'end_date', 'placement_type', 'provider_id', 'provider_name',
    'placement_postcode', 'reason_for_change',
  ],
  'education-pupils': [
    'pupil_ref', 'upn', 'former_upn', 'forename', 'middle_names', 'surname', 'preferred_surname', 'dob', 'sex',
    'postcode', 'school_urn', 'school_name', 'sen_provision', 'fsm_eligible', 'attendance_pct', 'exclusions',
    'census_date',
  ],
  'health-patients': [
    'nhs_number', 'local_patient_id', 'given_name', 'family_name', 'dob', 'sex', 'postcode', 'gp_practice_code',
    'registered_from', 'last_health_assessment', 'immunisations_up_to_date',
  ],
  'finance-payments': [
    'payment_id', 'provider_id', 'provider_name', 'placement_ref', 'client_ref', 'client_name', 'period_start',
    'period_end', 'amount_gbp', 'weekly_rate_gbp', 'cost_code', 'paid_on',
  ],
  consents: ['subject_feed', 'subject_id', 'purpose', 'recipient', 'basis', 'status', 'valid_from', 'valid_to', 'recorded_by'],
} as const;

export type FeedName = keyof typeof FEED_COLUMNS;
export const FEED_NAMES = Object.keys(FEED_COLUMNS) as FeedName[];

/** Truth files: which child each record is, which placement each payment pays, who is family. */
export const TRUTH_COLUMNS = {
  'truth/persons': ['feed', 'source_id', 'child_id'],
  'truth/payments': ['payment_id', 'placement_id'],
  'truth/families': ['child_id', 'family_id', 'twin_of'],
} as const;

export type TruthName = keyof typeof TRUTH_COLUMNS;
export type GeneratedFile = FeedName | TruthName;
export const GENERATED_FILES: readonly GeneratedFile[] = [...FEED_NAMES, ...(Object.keys(TRUTH_COLUMNS) as TruthName[])];

export function columnsOf(file: GeneratedFile): readonly string[] {
  return file in FEED_COLUMNS ? FEED_COLUMNS[file as FeedName] : TRUTH_COLUMNS[file as TruthName];
}

/** A row keyed by canonical column; blank (unknown) columns may be left out. */
export type FeedRow<F extends FeedName> = Partial<Record<(typeof FEED_COLUMNS)[F][number], string>>;

export interface Address {
  postcode: string;
  line1: string;
}

export interface Family {
  id: string;
  communityIndex: number;
  surname: string;
  address: Address;
  /** Set when the family moved recently: some records still show it. */
  previousAddress: Address | undefined;
}

/** One real child. An adopted child has two identities (pre- and post-adoption) in the data. */
export interface Child {
  id: string;
  family: Family;
  twinOf: string | undefined;
  /** The first-born of twins (the second carries `twinOf`). */
  hasTwin: boolean;
  sex: Sex;
  forename: string;
  middleNames: string[];
  /** Legal surname now (birth surname unless adopted — then the adopters'). */
  surname: string;
  /** A surname the child also goes by (step-family, special guardianship). */
  otherSurname: string | undefined;
  dob: Day;
  unborn: boolean;
  ethnicity: string;
  nhsNumber: string | undefined;
  upn: string | undefined;
  formerUpn: string | undefined;
  address: Address;
  previousAddress: Address | undefined;
}

/**
 * How often each reality that makes linking hard occurs in the generated council.
 *
 * ASSUMPTIONS, not measurements. They are set from published figures where one exists (noted), and
 * otherwise from what council data teams report of their own systems, chosen so that every
 * difficulty appears often enough to be tested at a few thousand children. Changing a rate changes
 * the data for a seed; the determinism tests pin bytes only within one version of this file.
 */
export const REALITY_RATES = {
  // --- who is in which system -------------------------------------------------------------------
  /** Children with any social care record (contact, referral, assessment) over their childhood.
   *  Weighted up from the ~1 in 5 a county sees, because social care is who the single view serves. */
  inSocialCare: 0.55,
  /** Ever looked after (DfE "Children looked after in England" 2024: ~70 per 10,000 at any time;
   *  several times that over a childhood). Currently looked after is about 40% of these. */
  everLookedAfter: 0.03,
  /** Relative chance of being looked after by age now, so the county's children in care have the
   *  age profile of England's (DfE "Children looked after in England" 2024: under 1 5%, 1–4 13%,
   *  5–9 17%, 10–15 39%, 16–17 26%), spread per year of age and scaled to average 1 over ages 0–17. */
  lookedAfterByAge: [0.9, 0.585, 0.585, 0.585, 0.585, 0.612, 0.612, 0.612, 0.612, 0.612, 1.17, 1.17, 1.17, 1.17, 1.17, 1.17, 2.34, 2.34],
  currentlyLookedAfterGivenEver: 0.4,
  /** On a child protection plan now (DfE "Characteristics of children in need": ~42 per 10,000). */
  childProtectionPlan: 0.005,
  /** Registered with a GP practice in the ICB's extract (NHS Digital: a few % unregistered or out of area). */
  inHealth: 0.94,
  /** School-age children on a state-funded school roll in the county (independent, home-educated and
   *  out-of-county pupils are absent: DfE "Schools, pupils and their characteristics" ~93%). */
  inEducationGivenSchoolAge: 0.92,
  /** Social care cases open now (with an allocated team and worker). */
  openCase: 0.15,

  // --- families -----------------------------------------------------------------------------------
  /** Children per family (1..5), as weights. */
  familySize: [0.45, 0.33, 0.14, 0.06, 0.02],
  /** Twin pairs per birth (ONS "Births in England and Wales": multiple maternities ~1.4%). */
  twinBirth: 0.014,
  /** Twins given similar forenames (Jayden/Jaden): rare, the hardest constraint to keep. */
  twinsWithSimilarForenames: 0.05,
  /** Siblings not sharing the family surname (half-siblings, different fathers). */
  siblingDifferentSurname: 0.1,
  doubleBarrelledSurname: 0.04,
  /** Families who moved house recently: feeds disagree on the postcode. */
  movedHouse: 0.12,
  /** A record of a family that moved still shows the previous address. */
  recordHasPreviousAddress: 0.45,
  unbornInSocialCare: 0.005,

  // --- life events that change identity -----------------------------------------------------------
  /** Adopted (DfE: ~3,000 adoptions a year in England, ~0.03% of children a year; over a childhood
   *  a few in a thousand, more among those known to social care). */
  adopted: 0.004,
  /** Adopted child keeps the birth forename (most do; some are renamed). */
  adoptedKeepsForename: 0.85,
  /** The post-adoption identity has a social care record (post-adoption support). */
  adoptedHasPostAdoptionSocialCareRecord: 0.4,
  /** Special guardianship: the child lives with a relative; some records take the guardian's surname. */
  specialGuardianship: 0.006,
  /** Step-family surname change shown only as a preferred/former surname in some feeds. */
  surnameChange: 0.02,
  /** Social care holds a second, duplicate record for the child (a new referral not matched). */
  duplicateSocialCareRecord: 0.015,

  // --- errors and variation per record --------------------------------------------------------------
  nicknameInRecord: 0.04,
  forenameTypo: 0.02,
  surnameTypo: 0.015,
  /** Day and month swapped (only where the day is 12 or less and differs from the month). */
  dobDayMonthSwapped: 0.006,
  dobOtherError: 0.003,
  /** Health systems often hold surnames in capitals; others vary (MCDONALD/McDonald/Mcdonald). */
  surnameUpperCaseHealth: 0.6,
  surnameCaseVariant: 0.05,
  /** Double-barrelled surname written spaced, run together, or only one half. */
  hyphenationVariant: 0.35,
  diacriticsStripped: 0.6,
  middleNamesMissing: 0.3,
  sexMissing: 0.01,
  postcodeMissing: 0.02,

  // --- identifiers -----------------------------------------------------------------------------------
  nhsMissingInSocialCare: 0.15,
  nhsMistypedInSocialCare: 0.02,
  nhsMissingInHealth: 0.003,
  nhsMistypedInHealth: 0.001,
  /** Social care records of school-age children holding the UPN. */
  upnInSocialCareGivenSchoolAge: 0.6,
  upnMistypedInSocialCare: 0.02,
  upnMistypedInEducation: 0.003,
  /** Pupils with a former UPN (temporary UPN replaced, or re-issued). */
  formerUpn: 0.02,
  /** Where a pupil has a former UPN, social care still holds the old one. */
  socialCareHoldsFormerUpn: 0.3,

  // --- placements and payments -----------------------------------------------------------------------
  /** Looked-after children: placements per period of care (1 + geometric). */
  placementMoveProbability: 0.45,
  /** Payment with no placement_ref (then client_ref and/or client_name). */
  paymentMissingPlacementRef: 0.08,
  paymentClientRefGivenMissingRef: 0.75,
  paymentClientNameGivenMissingRef: 0.85,
  paymentClientNameTypo: 0.05,
  /** A credit note follows a payment (overpayment recovered). */
  creditNote: 0.004,
  /** Per paid placement, a short run (1–3) of payments to the same provider for a child the feeds do
   *  not hold (placed by another council, or a record not yet created): ~0.3% of payments. */
  unknownChildPaymentRun: 0.015,

  // --- consents --------------------------------------------------------------------------------------
  /** National data opt-out style refusal of sharing with the ICB (NHS Digital: ~5% opt out). */
  icbOptOut: 0.05,
  consentWithdrawn: 0.1,
} as const;

export type RealityRates = typeof REALITY_RATES;

/** Fixed reference date: the October school census day (first Thursday of October 2026). */
export const DEFAULT_AS_OF = '2026-10-01';

/** Finance extract covers payments from this many whole financial years before the as-of year. */
export const FINANCE_YEARS_BACK = 3;

/** The county's DfE LA number (used in UPNs) and name. Made up: no council holds it. */
export const COUNCIL = {
  name: 'Wexmoor County Council',
  laNumber: '899',
  fosteringServiceName: 'Wexmoor County Council Fostering Service',
} as const;

import type { Purpose, Role } from '../auth-context';

/**
 * THE access policy, as data, in one place: for every GraphQL output type that carries person-level
 * data, every field, which role may see it, under which purposes, and on what conditions. Output
 * models are built from this table (policy.service.ts `build`), so a field with no entry is never
 * populated, and test/e2e/policy-coverage.spec.ts fails while any schema field lacks an entry.
 *
 * Conditions, evaluated per child on every request:
 * - sharing_basis: a current consent or legal basis (consent | public_task | safeguarding) is
 *   granted for this purpose and recipient (health data shared into social care);
 * - unsealed: the child is not a sealed pre-adoption identity (only a data steward sees those —
 *   enforced at record level too, so this is belt and braces on identity fields).
 */
export type Condition = 'sharing_basis' | 'unsealed';

export interface Grant {
  role: Role;
  /** Purposes under which the grant applies; absent = every purpose the role may use. */
  purposes?: readonly Purpose[];
  when?: readonly Condition[];
}

export type FieldRule = readonly Grant[];
export type TypePolicy = Readonly<Record<string, FieldRule>>;

const steward: Grant = { role: 'data_steward' };
const socialWorker: Grant = { role: 'social_worker', when: ['unsealed'] };
const socialWorkerHealth: Grant = { role: 'social_worker', when: ['unsealed', 'sharing_basis'] };
const finance: Grant = { role: 'finance', when: ['unsealed'] };
// A payment of a sealed child still needs paying and reconciling (the unmatched queue's amounts
// must add up), so finance sees its money, dates and provider; not who it names.
const financeAnyChild: Grant = { role: 'finance' };
const analyst: Grant = { role: 'analyst' };
// ICB partners see person-level (pseudonymised) rows only for population health, under an
// agreement; for commissioning they get aggregates (cohort tables), which are not person-level.
const icb: Grant = { role: 'icb_partner', purposes: ['population_health'] };

/** Same grants for every listed field. */
function fields(names: readonly string[], rule: FieldRule): Record<string, FieldRule> {
  return Object.fromEntries(names.map((name) => [name, rule]));
}

export const FIELD_POLICY: Readonly<Record<string, TypePolicy>> = {
  // --- social worker's combined record. A data steward (DESIGN.md: loads, data quality, review
  // queue, overrides, the audit) sees identity and provenance — sealed identities too — but no
  // case, education or health detail: no purpose of theirs needs it.
  ChildRecord: {
    personId: [socialWorker, steward],
    sealed: [steward],
    identity: [socialWorker, steward],
    socialCare: [socialWorker],
    sourceRecords: [socialWorker, steward],
    placements: [socialWorker],
    education: [socialWorker],
    health: [socialWorkerHealth],
    healthSharingBasis: [socialWorker, steward],
  },
  ChildIdentity: fields(
    [
      'laChildId',
      'forename',
      'middleNames',
      'surname',
      'dob',
      'sex',
      'nhsNumber',
      'upn',
      'postcode',
      'address',
    ],
    [socialWorker, steward],
  ),
  ChildSocialCare: fields(
    ['allocatedTeam', 'allocatedWorker', 'legalStatus', 'cpPlan', 'lookedAfter'],
    [socialWorker],
  ),
  ChildSourceRecord: fields(['feed', 'sourceId', 'version', 'loadedAt'], [socialWorker, steward]),
  ChildPlacement: fields(
    ['placementId', 'startDate', 'endDate', 'placementType', 'providerName', 'reasonForChange'],
    [socialWorker],
  ),
  ChildEducation: fields(
    ['schoolUrn', 'schoolName', 'senProvision', 'fsmEligible', 'attendancePct', 'exclusions', 'censusDate'],
    [socialWorker],
  ),
  ChildHealth: fields(
    ['gpPracticeCode', 'registeredFrom', 'lastHealthAssessment', 'immunisationsUpToDate'],
    [socialWorkerHealth],
  ),

  // --- finance: placements, payments, costs, the child's LA id and name only
  FinanceChild: fields(['personId', 'laChildId', 'forename', 'surname', 'placements'], [finance, steward]),
  FinancePlacement: fields(
    [
      'placementId',
      'placementType',
      'placementGroup',
      'providerId',
      'providerName',
      'startDate',
      'endDate',
      'paidGbp',
      'weeklyRateGbp',
      'committedToYearEndGbp',
      'highCost',
      'payments',
    ],
    [finance, steward],
  ),
  FinancePayment: {
    ...fields(
      [
        'paymentId',
        'providerName',
        'periodStart',
        'periodEnd',
        'amountGbp',
        'weeklyRateGbp',
        'costCode',
        'paidOn',
        'linkMethod',
      ],
      [financeAnyChild, steward],
    ),
    // The child's social care id, name and placement: a sealed identity's are the steward's alone.
    ...fields(['clientRef', 'clientName', 'placementId'], [finance, steward]),
  },

  // --- pseudonymised person rows (ICB under agreement + consent; analyst with full costs)
  PseudonymisedChild: {
    ...fields(
      ['pseudoId', 'birthMonth', 'postcodeSector', 'sex', 'placementGroup', 'ehcPlan', 'lookedAfter'],
      [icb, analyst, steward],
    ),
    ...fields(['placements', 'totalCostGbp'], [analyst, steward]),
  },
  PseudonymisedPlacement: fields(
    [
      'placementType',
      'placementGroup',
      'providerName',
      'startMonth',
      'endMonth',
      'weeks',
      'weeklyRateGbp',
      'costGbp',
      'committedToYearEndGbp',
    ],
    [analyst, steward],
  ),

  // --- consent and audit records name children: stewards (and social workers for their caseload's consents)
  ConsentRecord: fields(
    [
      'id',
      'subjectFeed',
      'subjectId',
      'purpose',
      'recipient',
      'basis',
      'status',
      'validFrom',
      'validTo',
      'recordedBy',
      'recordedAt',
      'origin',
    ],
    [{ role: 'social_worker' }, steward],
  ),
  AuditEntry: fields(
    [
      'id',
      'occurredAt',
      'subject',
      'role',
      'purpose',
      'operation',
      'personIds',
      'fields',
      'breakGlassReason',
      'flaggedForReview',
      'hash',
    ],
    [steward],
  ),

  // --- types served by other modules' resolvers (person index, feeds, placements). They are not
  // built through PolicyService: selecting a field no grant gives the caller is refused before the
  // resolver runs (selection-check.ts), and test/e2e/policy-coverage.spec.ts fails if a resolver
  // lets any other role reach them.
  Person: fields(
    ['createdAt', 'golden', 'history', 'id', 'links', 'records', 'requestedId', 'status'],
    [steward],
  ),
  GoldenRecord: fields(
    [
      'address',
      'dob',
      'forename',
      'gpPractice',
      'middleNames',
      'nhsNumber',
      'postcode',
      'school',
      'sex',
      'surname',
      'upn',
    ],
    [steward],
  ),
  SurvivingValue: fields(['alternatives', 'source', 'value'], [steward]),
  AlternativeValue: fields(['sources', 'value'], [steward]),
  ValueSource: fields(['asOf', 'feed', 'sourceId', 'sourceRecordId'], [steward]),
  PersonEvent: fields(['createdAt', 'id', 'payloadJson', 'personId', 'runId', 'type'], [steward]),
  PersonLink: fields(
    [
      'feed',
      'linkedAt',
      'matchProbability',
      'matchWeight',
      'method',
      'ruleSetVersion',
      'sourceId',
      'sourceRecordId',
    ],
    [steward],
  ),
  // The steward sees a source record's identity fields and provenance; its raw payload carries
  // case, school and clinical detail (health assessments, SEN, legal status), granted to no one.
  PersonSourceRecord: {
    ...fields(
      [
        'altSurnames',
        'dob',
        'feed',
        'forename',
        'loadedAt',
        'middleNames',
        'nhsNumber',
        'postcode',
        'sex',
        'sourceId',
        'sourceRecordId',
        'surname',
        'upn',
        'version',
      ],
      [steward],
    ),
    payloadJson: [],
  },
  ChildSearchResult: fields(['golden', 'personId', 'recordCount'], [steward]),
  ReviewItem: fields(
    [
      'createdAt',
      'decidedAt',
      'decidedBy',
      'explanationJson',
      'id',
      'matchProbability',
      'matchWeight',
      'personA',
      'personB',
      'reason',
      'recordA',
      'recordB',
      'ruleSetVersion',
      'status',
    ],
    [steward],
  ),
  SplitResult: fields(['created', 'kept'], [steward]),
  QuarantinedRow: fields(['id', 'raw', 'reasons', 'rowNumber'], [steward]),
  LinkedPayment: fields(
    ['amountGbp', 'linkConfidence', 'linkMethod', 'paymentId', 'periodEnd', 'periodStart', 'placementId'],
    [{ role: 'finance' }, steward],
  ),
  PaymentLinkDecision: fields(
    ['decidedAt', 'decidedBy', 'placementId', 'reason'],
    [{ role: 'finance' }, steward],
  ),
  PersonCostSummary: fields(
    ['byFinancialYear', 'committedToYearEndGbp', 'paidToDateGbp', 'personId', 'placementCosts', 'placements'],
    [{ role: 'finance' }, steward],
  ),
  PlacementCost: fields(
    [
      'byFinancialYear',
      'committedDays',
      'committedToYearEndGbp',
      'days',
      'endDate',
      'highCost',
      'open',
      'paidThrough',
      'paidToDateGbp',
      'payments',
      'placementGroup',
      'placementId',
      'startDate',
      'weeklyRateGbp',
    ],
    [{ role: 'finance' }, steward],
  ),
  FinancialYearCost: fields(
    ['amountGbp', 'days', 'label', 'startYear'],
    [{ role: 'finance' }, analyst, steward],
  ),
  CostAnomaly: fields(['detail', 'kind', 'paymentIds', 'placementId'], [{ role: 'finance' }, steward]),
  // Analysts reach placement ids here (high-cost placements); see the access notes in the README.
  CostAnalysis: fields(
    ['dimension', 'financialYear', 'groups', 'method'],
    [{ role: 'finance' }, analyst, steward],
  ),
  CostAnalysisGroup: fields(
    [
      'children',
      'highCostPlacementIds',
      'highCostPlacements',
      'key',
      'label',
      'meanWeeklyCostGbp',
      'meanWeeklyCostInterval',
      'medianWeeklyCostGbp',
      'medianWeeklyCostInterval',
      'placements',
      'totalPaidGbp',
    ],
    [{ role: 'finance' }, analyst, steward],
  ),
};

/**
 * Who may see that a child has a GP (health) record at all — in the source-record list and in the
 * identity surviving from it: a health record is itself health data. A social worker needs a
 * sharing basis; a data steward sees it as provenance (identity and ids, not its clinical fields).
 */
export const HEALTH_RECORD_PROVENANCE: FieldRule = [socialWorkerHealth, steward];

/** Output types whose objects are built through PolicyService (per child, conditions applied). */
export const POLICY_BUILT_TYPES: ReadonlySet<string> = new Set([
  'ChildRecord',
  'ChildIdentity',
  'ChildSocialCare',
  'ChildSourceRecord',
  'ChildPlacement',
  'ChildEducation',
  'ChildHealth',
  'FinanceChild',
  'FinancePlacement',
  'FinancePayment',
  'PseudonymisedChild',
  'PseudonymisedPlacement',
  'ConsentRecord',
  'AuditEntry',
]);

/**
 * Output types that carry no person-level data, each with why; the coverage test accepts these
 * without field entries. Anything else in the schema must be in FIELD_POLICY.
 */
export const NON_PERSON_TYPES: Readonly<Record<string, string>> = {
  ServiceStatus: 'liveness only',
  ChildRecordPage: 'page wrapper: its records are ChildRecord',
  CohortResult: 'aggregates after small-number suppression',
  CohortCell: 'one suppressed-or-rounded aggregate cell',
  CohortMargin: 'a suppressed-or-rounded row/column total',
  AuditPage: 'page wrapper: its entries are AuditEntry',
  PseudonymisedPage: 'page wrapper: its rows are PseudonymisedChild',
  FinancePaymentPage: 'page wrapper: its rows are FinancePayment',
  AuditVerification: 'hash-chain check result: counts and ids only',
  ConsentSyncResult: 'counts only',
  ChildSearchPage: 'page wrapper: its nodes are ChildSearchResult',
  ReviewQueuePage: 'page wrapper: its nodes are ReviewItem',
  CostAnomalyPage: 'page wrapper: its rows are CostAnomaly',
  ConfidenceInterval: 'two numbers of an aggregate',
  FeedLoad: 'load figures: counts, checksum, file name',
  FeedLoadConnection: 'page wrapper: its nodes are FeedLoad',
  FeedPageInfo: 'cursor only',
  QuarantinedRowConnection: 'page wrapper: its nodes are QuarantinedRow',
  FeedDataQualityMetric: 'per-field counts of a load',
  PaymentLinkRun: 'counts and totals of a linking run',
};

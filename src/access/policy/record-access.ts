import type { AuthContext, Role } from '../auth-context';
import { K_ANONYMITY } from '../disclosure/k-anonymity';

/**
 * Which identified children a role may open at all (fields are then filtered by FIELD_POLICY):
 * - caseload: children whose social care record's allocated_team is the caller's team; any other
 *   child only by break-glass (a stated reason), flagged for review in the audit;
 * - social_care: children the council's social care knows (a csc-children record), for finance's
 *   placements and costs — not a child known only to a school or GP;
 * - all: every child (data steward: everything, sealed too);
 * - none: no identified child (ICB partners and analysts work on aggregates and pseudonyms).
 */
export type RecordScope = 'caseload' | 'social_care' | 'all' | 'none';

export const RECORD_SCOPE: Readonly<Record<Role, RecordScope>> = {
  social_worker: 'caseload',
  finance: 'social_care',
  icb_partner: 'none',
  analyst: 'none',
  data_steward: 'all',
};

/** Only data stewards see a sealed pre-adoption identity (DESIGN.md "Access"). */
export const SEES_SEALED: ReadonlySet<Role> = new Set<Role>(['data_steward']);

/**
 * Who may record which consent statuses. A social worker records what a child or parent tells
 * them — a refusal or a withdrawal — but never a grant: a grant would unlock health data for the
 * very person recording it. Grants come from data stewards (after the council's consent process)
 * or the consents feed.
 */
export const RECORDS_CONSENT_STATUSES: Readonly<
  Record<Role, readonly ('granted' | 'refused' | 'withdrawn')[]>
> = {
  social_worker: ['refused', 'withdrawn'],
  data_steward: ['granted', 'refused', 'withdrawn'],
  finance: [],
  icb_partner: [],
  analyst: [],
};

export function mayRecordConsent(auth: AuthContext, status: 'granted' | 'refused' | 'withdrawn'): boolean {
  return RECORDS_CONSENT_STATUSES[auth.role].includes(status);
}

export interface RecordFacts {
  sealed: boolean;
  /** allocated_team of the child's social care record(s). */
  teams: readonly string[];
  /** The child has a social care (csc-children) record. */
  inSocialCare: boolean;
}

export type RecordDecision = 'allowed' | 'break_glass' | 'denied';

export function recordAccess(auth: AuthContext, facts: RecordFacts): RecordDecision {
  if (facts.sealed && !SEES_SEALED.has(auth.role)) return 'denied';
  switch (RECORD_SCOPE[auth.role]) {
    case 'all':
      return 'allowed';
    case 'social_care':
      return facts.inSocialCare ? 'allowed' : 'denied';
    case 'none':
      return 'denied';
    case 'caseload':
      if (auth.team !== undefined && facts.teams.includes(auth.team)) return 'allowed';
      return auth.breakGlassReason ? 'break_glass' : 'denied';
  }
}

/**
 * Pseudonymised person rows: which roles get them, on what consent, and whether a data sharing
 * agreement for their organisation and purpose must exist first.
 * - consent_granted: only children whose current consent/basis for the purpose and recipient is
 *   granted (an ICB partner: never an opted-out child, never a child with no basis recorded);
 * - unless_refused: every child except those whose latest record refuses or withdraws this use
 *   (the council's own analysts under its public task; a national data opt-out still applies).
 * kAnonymity: rows leaving the council are generalised until at least this many released children
 * share their quasi-identifiers (disclosure/k-anonymity.ts); null for the council's own staff.
 */
export type PseudonymisedScope = 'consent_granted' | 'unless_refused' | 'none';

export const PSEUDONYMISED_ROWS: Readonly<
  Record<Role, { scope: PseudonymisedScope; agreementRequired: boolean; kAnonymity: number | null }>
> = {
  icb_partner: { scope: 'consent_granted', agreementRequired: true, kAnonymity: K_ANONYMITY },
  analyst: { scope: 'unless_refused', agreementRequired: false, kAnonymity: null },
  data_steward: { scope: 'unless_refused', agreementRequired: false, kAnonymity: null },
  social_worker: { scope: 'none', agreementRequired: false, kAnonymity: null },
  finance: { scope: 'none', agreementRequired: false, kAnonymity: null },
};

export function admitsPseudonymised(
  auth: AuthContext,
  decision: 'granted' | 'denied' | 'none' | undefined,
): boolean {
  switch (PSEUDONYMISED_ROWS[auth.role].scope) {
    case 'consent_granted':
      return decision === 'granted';
    case 'unless_refused':
      return decision !== 'denied';
    case 'none':
      return false;
  }
}

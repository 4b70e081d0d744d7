import { areNicknames, damerauLevenshtein, jaroWinkler } from '../linkage/comparators';
import { nameTokens, surnameVariants } from '../linkage/standardise/names';
import { daysInclusive, epochDay } from './financial-year';

/**
 * Fellegi–Sunter scoring of a payment against a candidate placement, for payments that neither
 * placement_ref nor client_ref could link. Each comparison has ordered levels with m and u
 * probabilities; the match weight is the prior plus the sum of log2(m/u) over the levels hit, and
 * the probability follows from the weight (DESIGN.md "Linkage").
 *
 * The m/u values are set from what the comparison means among candidates that already share a
 * provider or a surname and a period (the blocking), not trained: finance data carries a name
 * typed by a clerk, a provider and a period, and there is no label to train on.
 */
export interface PaymentForMatching {
  paymentId: string;
  clientRef: string | null;
  clientName: string | null;
  providerKey: string | null;
  providerNameKey: string | null;
  periodStart: string;
  periodEnd: string;
  amountGbp: number | null;
}

export interface PlacementCandidate {
  placementId: string;
  laChildId: string | null;
  providerKey: string | null;
  providerNameKey: string | null;
  startDate: string | null;
  endDate: string | null;
  childForename: string | null;
  childSurname: string | null;
  childAltSurnames: readonly string[];
  /** Days of the payment's period this placement already has paid (by payments linked before). */
  alreadyPaidDays: number;
}

export interface ComparisonOutcome {
  comparison: 'client_name' | 'client_ref' | 'provider' | 'period' | 'period_paid';
  level: string;
  weight: number;
}

export interface PaymentMatchScore {
  placementId: string;
  matchWeight: number;
  probability: number;
  waterfall: ComparisonOutcome[];
}

interface Level {
  level: string;
  m: number;
  u: number;
}
const w = (l: Level): number => Math.log2(l.m / l.u);

const NAME_LEVELS = {
  exact: { level: 'forename and surname exact', m: 0.8, u: 0.0005 },
  surnameExactForenameClose: { level: 'surname exact, forename close', m: 0.1, u: 0.001 },
  bothClose: { level: 'surname close, forename close', m: 0.06, u: 0.001 },
  surnameOnly: { level: 'surname exact only', m: 0.02, u: 0.01 },
  different: { level: 'different', m: 0.02, u: 0.9885 },
} as const satisfies Record<string, Level>;

const CLIENT_REF_LEVELS = {
  typo: { level: 'one or two characters from the child id', m: 0.3, u: 0.001 },
  different: { level: 'a different child id', m: 0.05, u: 0.999 },
} as const satisfies Record<string, Level>;

const PROVIDER_LEVELS = {
  same: { level: 'same provider', m: 0.9, u: 0.3 },
  different: { level: 'different provider', m: 0.1, u: 0.7 },
} as const satisfies Record<string, Level>;

const PERIOD_LEVELS = {
  within: { level: 'period within the placement', m: 0.9, u: 0.3 },
  overlaps: { level: 'period overlaps the placement', m: 0.07, u: 0.2 },
  near: { level: 'period within 31 days of the placement', m: 0.03, u: 0.5 },
  far: { level: 'period more than 31 days from the placement', m: 0.001, u: 0.5 },
} as const satisfies Record<string, Level>;

/**
 * A placement's period is normally paid once: a second positive payment for most of an already
 * paid period is more likely another child's (or a duplicate for finance to see) than this one's.
 * A credit note, by contrast, belongs against a paid period.
 */
const PERIOD_PAID_LEVELS = {
  alreadyPaid: { level: 'period already paid by another payment', m: 0.02, u: 0.5 },
  creditAgainstPaid: { level: 'credit note against a paid period', m: 0.95, u: 0.3 },
} as const satisfies Record<string, Level>;

/** Prior odds that a blocked candidate is the placement paid: about one in ten candidates. */
export const PRIOR_WEIGHT = Math.log2(0.1 / 0.9);
/** Accept the best candidate at this probability or more… */
export const ACCEPT_PROBABILITY = 0.95;
/** …and only if it beats the runner-up by this many bits (16×), so a near tie goes to finance. */
export const MIN_MARGIN_BITS = 4;
/** Blocking reach either side of a placement's dates, in days. */
export const PERIOD_SLACK_DAYS = 31;

const FORENAME_CLOSE = 0.88;
const SURNAME_CLOSE = 0.92;

/**
 * "SMITH, Jo" / "Jo Smith" / "Mr Jo A Smith" → forename and surname in the linkage core's canonical
 * form (upper-case letters, titles dropped), so they compare with the standardised child record.
 */
export function parseClientName(name: string | null): { forename: string; surname: string } | null {
  if (name === null || name.trim() === '') return null;
  if (name.includes(',')) {
    const [surname = '', rest = ''] = name.split(',', 2);
    const surnameTokens = nameTokens(surname);
    if (!surnameTokens.length) return null;
    return { forename: nameTokens(rest)[0] ?? '', surname: surnameTokens.join(' ') };
  }
  const tokens = nameTokens(name);
  if (tokens.length === 0) return null;
  if (tokens.length === 1) return { forename: '', surname: tokens[0]! };
  return { forename: tokens[0]!, surname: tokens[tokens.length - 1]! };
}

function compareName(payment: PaymentForMatching, candidate: PlacementCandidate): Level | null {
  const client = parseClientName(payment.clientName);
  if (!client || !candidate.childSurname) return null;
  const forename = nameTokens(candidate.childForename)[0] ?? '';
  // double-barrelled and former surnames: any form agreeing is agreement
  const surnames = [candidate.childSurname, ...candidate.childAltSurnames].flatMap((s) => surnameVariants(s));
  const clientSurnames = surnameVariants(client.surname);
  const surnameExact = clientSurnames.some((s) => surnames.includes(s));
  const surnameClose = surnames.some((s) => clientSurnames.some((c) => jaroWinkler(s, c) >= SURNAME_CLOSE));
  const forenameExact = client.forename !== '' && client.forename === forename;
  const forenameClose =
    forenameExact ||
    (client.forename !== '' && forename !== '' && jaroWinkler(client.forename, forename) >= FORENAME_CLOSE) ||
    // the finance system may hold the name the child goes by (ALFIE for ALFRED)
    (client.forename !== '' && forename !== '' && areNicknames(client.forename, forename)) ||
    // an initial in the finance system ("J SMITH")
    (client.forename.length === 1 && forename.startsWith(client.forename));
  if (surnameExact && forenameExact) return NAME_LEVELS.exact;
  if (surnameExact && forenameClose) return NAME_LEVELS.surnameExactForenameClose;
  if (surnameClose && forenameClose) return NAME_LEVELS.bothClose;
  if (surnameExact) return NAME_LEVELS.surnameOnly;
  return NAME_LEVELS.different;
}

function compareClientRef(payment: PaymentForMatching, candidate: PlacementCandidate): Level | null {
  if (!payment.clientRef || !candidate.laChildId) return null;
  const a = payment.clientRef.trim().toUpperCase();
  const b = candidate.laChildId.trim().toUpperCase();
  if (a === b) return CLIENT_REF_LEVELS.typo; // same child but client_ref found no placement: weak extra evidence
  // a transposed pair of digits is one edit, as clerks make it
  return damerauLevenshtein(a, b) <= 2 ? CLIENT_REF_LEVELS.typo : CLIENT_REF_LEVELS.different;
}

function compareProvider(payment: PaymentForMatching, candidate: PlacementCandidate): Level | null {
  // ids first: one provider name can cover many providers (in-house carers share the service's name)
  if (payment.providerKey !== null && candidate.providerKey !== null) {
    return payment.providerKey === candidate.providerKey ? PROVIDER_LEVELS.same : PROVIDER_LEVELS.different;
  }
  if (payment.providerNameKey !== null && candidate.providerNameKey !== null) {
    return payment.providerNameKey === candidate.providerNameKey ? PROVIDER_LEVELS.same : PROVIDER_LEVELS.different;
  }
  return null;
}

function comparePeriod(payment: PaymentForMatching, candidate: PlacementCandidate): Level {
  const start = candidate.startDate ? epochDay(candidate.startDate) : -Infinity;
  const end = candidate.endDate ? epochDay(candidate.endDate) : Infinity;
  const from = epochDay(payment.periodStart);
  const to = epochDay(payment.periodEnd);
  if (from >= start && to <= end) return PERIOD_LEVELS.within;
  if (from <= end && to >= start) return PERIOD_LEVELS.overlaps;
  const gap = from > end ? from - end : start - to;
  return gap <= PERIOD_SLACK_DAYS ? PERIOD_LEVELS.near : PERIOD_LEVELS.far;
}

function comparePeriodPaid(payment: PaymentForMatching, candidate: PlacementCandidate): Level | null {
  if (payment.amountGbp === null || candidate.alreadyPaidDays === 0) return null;
  if (payment.amountGbp < 0) return PERIOD_PAID_LEVELS.creditAgainstPaid;
  const days = daysInclusive(payment.periodStart, payment.periodEnd);
  return candidate.alreadyPaidDays * 2 >= days ? PERIOD_PAID_LEVELS.alreadyPaid : null;
}

export function scorePaymentAgainstPlacement(payment: PaymentForMatching, candidate: PlacementCandidate): PaymentMatchScore {
  const waterfall: ComparisonOutcome[] = [];
  const add = (comparison: ComparisonOutcome['comparison'], level: Level | null): void => {
    waterfall.push(level ? { comparison, level: level.level, weight: w(level) } : { comparison, level: 'null', weight: 0 });
  };
  add('client_name', compareName(payment, candidate));
  add('client_ref', compareClientRef(payment, candidate));
  add('provider', compareProvider(payment, candidate));
  add('period', comparePeriod(payment, candidate));
  add('period_paid', comparePeriodPaid(payment, candidate));
  const matchWeight = PRIOR_WEIGHT + waterfall.reduce((s, c) => s + c.weight, 0);
  return { placementId: candidate.placementId, matchWeight, probability: 1 / (1 + 2 ** -matchWeight), waterfall };
}

export interface PaymentMatchDecision {
  placementId: string;
  probability: number;
  marginBits: number;
}

/** The best candidate if it is probable enough and clearly ahead of the next; else null (queue). */
export function choosePlacement(payment: PaymentForMatching, candidates: readonly PlacementCandidate[]): PaymentMatchDecision | null {
  if (candidates.length === 0 || daysInclusive(payment.periodStart, payment.periodEnd) === 0) return null;
  const scores = candidates.map((c) => scorePaymentAgainstPlacement(payment, c)).sort((a, b) => b.matchWeight - a.matchWeight);
  const best = scores[0]!;
  const marginBits = scores.length > 1 ? best.matchWeight - scores[1]!.matchWeight : Infinity;
  if (best.probability < ACCEPT_PROBABILITY || marginBits < MIN_MARGIN_BITS) return null;
  return { placementId: best.placementId, probability: best.probability, marginBits };
}

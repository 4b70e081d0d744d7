/**
 * What the parts of the generator share: the seeded random stream, the rates, the as-of date, and
 * where rows go. One stream for the whole council keeps a seed's output identical byte for byte.
 */
import type { Day } from './calendar';
import type { REALITY_RATES } from './generator-config';
import type { FeedName, FeedRow, GeneratedFile } from './model';
import type { Prng } from './prng';

export type Reality =
  | 'twinPairs'
  | 'unbornChildren'
  | 'adoptedChildren'
  | 'specialGuardianship'
  | 'surnameChanges'
  | 'duplicateSocialCareRecords'
  | 'familiesMoved'
  | 'everLookedAfter'
  | 'lookedAfterNow'
  | 'childProtectionPlans'
  | 'paymentsWithoutPlacementRef'
  | 'creditNotes'
  | 'paymentsForUnknownChildren';

/** What social care knows of a child now, which decides the consents and legal bases recorded. */
export interface CareStatus {
  lookedAfterNow: boolean;
  cpPlan: boolean;
  inSocialCare: boolean;
}

export interface CouncilContext {
  readonly rng: Prng;
  readonly rates: typeof REALITY_RATES;
  readonly asOf: Day;
  write<F extends FeedName>(feed: F, row: FeedRow<F>): void;
  emit(file: GeneratedFile, values: readonly string[]): void;
  count(reality: Reality): void;
}

/**
 * Consent and legal-basis rows, each naming a record of a person feed: what may be shared, for
 * which purpose, to whom, on what basis, and whether it is granted, refused or withdrawn.
 */
import { isoOf, type Day } from './calendar';
import type { CareStatus, CouncilContext } from './council-context';
import type { FeedName } from './model';

export class ConsentWriter {
  constructor(
    private readonly ctx: CouncilContext,
    /** A social worker's id: who recorded the decision. */
    private readonly worker: () => string,
  ) {}

  private get rng(): CouncilContext['rng'] {
    return this.ctx.rng;
  }

  private get rates(): CouncilContext['rates'] {
    return this.ctx.rates;
  }

  private get asOf(): Day {
    return this.ctx.asOf;
  }

  private consent(
    subjectFeed: FeedName,
    subjectId: string,
    purpose: string,
    recipient: string,
    basis: string,
    from: Day,
    recordedBy: string,
    refused = false,
  ): void {
    const withdrawn = !refused && basis === 'consent' && this.rng.chance(this.rates.consentWithdrawn);
    const validTo = withdrawn ? Math.min(this.asOf, from + this.rng.int(30, 700)) : undefined;
    this.ctx.write('consents', {
      subject_feed: subjectFeed,
      subject_id: subjectId,
      purpose,
      recipient,
      basis,
      status: refused ? 'refused' : withdrawn ? 'withdrawn' : 'granted',
      valid_from: isoOf(Math.min(from, this.asOf)),
      valid_to: validTo === undefined ? '' : isoOf(validTo),
      recorded_by: recordedBy,
    });
  }

  socialCareConsents(laChildId: string, options: { cpPlan?: boolean; lookedAfterNow?: boolean }, since: Day): void {
    const rng = this.rng;
    const worker = this.worker();
    if (options.cpPlan) {
      // Sharing to protect a child needs no consent (Working Together to Safeguard Children 2023).
      this.consent('csc-children', laChildId, 'safeguarding', 'gp', 'safeguarding', since, worker);
      this.consent('csc-children', laChildId, 'safeguarding', 'school', 'safeguarding', since, worker);
    }
    if (options.lookedAfterNow) {
      this.consent('csc-children', laChildId, 'direct_care', 'gp', 'public_task', since, worker);
      this.consent('csc-children', laChildId, 'direct_care', 'school', 'public_task', since, worker);
      this.consent('csc-children', laChildId, 'commissioning', 'icb', 'public_task', since, 'IG-TEAM');
    } else if (rng.chance(0.1)) {
      this.consent('csc-children', laChildId, 'direct_care', rng.pick(['gp', 'school']), 'consent', since, worker);
    }
  }

  /**
   * Consents on the health record: sharing health data into social care (recipient `social_care`)
   * for looked-after children (public task), children on a plan (safeguarding) and some others
   * (consent, sometimes withdrawn); the ICB's data sharing agreement for population health; and
   * national data opt-outs refusing planning and analytics uses.
   */
  healthConsents(localId: string, care: CareStatus): void {
    const rng = this.rng;
    const since = this.asOf - rng.int(30, 2000);
    if (care.lookedAfterNow) this.consent('health-patients', localId, 'direct_care', 'social_care', 'public_task', since, 'IG-TEAM');
    if (care.cpPlan) this.consent('health-patients', localId, 'safeguarding', 'social_care', 'safeguarding', since, this.worker());
    if (care.inSocialCare && !care.lookedAfterNow && !care.cpPlan && rng.chance(0.25)) {
      this.consent('health-patients', localId, 'direct_care', 'social_care', 'consent', since, this.worker());
    }
    if (rng.chance(this.rates.icbOptOut)) {
      // A national data opt-out: no sharing for planning or research, whatever else applies.
      this.consent('health-patients', localId, 'population_health', 'icb', 'consent', since, 'NDOP', true);
      this.consent('health-patients', localId, 'commissioning', 'icb', 'consent', since, 'NDOP', true);
      this.consent('health-patients', localId, 'analytics', 'analytics', 'consent', since, 'NDOP', true);
    } else if (rng.chance(0.25)) {
      this.consent('health-patients', localId, 'population_health', 'icb', 'public_task', since, 'ICB-DSA-2025');
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../access/auth-context';
import { AccessErrorCode, AccessException } from '../access/access.exception';
import { ACCESS_OPTIONS, type AccessOptions } from '../access/access-options';
import { PolicyService, ReadLog, type ChildFacts } from '../access/policy/policy.service';
import { ConsentService, recipientsFor } from '../access/consent/consent.service';
import { PSEUDONYMISED_ROWS, admitsPseudonymised } from '../access/policy/record-access';
import { AuditService } from '../access/audit/audit.service';
import { kAnonymise, type QuasiIdentifiers } from '../access/disclosure/k-anonymity';
import { PseudonymService } from '../access/pseudonym/pseudonym.service';
import { birthMonth, postcodeSector } from '../access/pseudonym/pseudonymiser';
import type { PersonSourceRecord } from '../person-index/person-feeds';
import type { PlacementRecord } from '../placements/placement.types';
import { ChildLoaderFactory, type ChildLoaders } from './child-loaders';
import { ChildPopulationRepository } from './child-population.repository';
import { flag, identityWithoutHealth, latest, text } from './child-facts';
import type {
  PseudonymisedChildModel,
  PseudonymisedPageModel,
  PseudonymisedPlacementModel,
} from './pseudonymised.model';

/**
 * A child's quasi-identifiers, from the non-health records only: no pseudonymised row carries a
 * value taken from a GP record (health data), whoever receives it.
 */
function quasiIdentifiersOf(records: readonly PersonSourceRecord[]): QuasiIdentifiers {
  const identity = identityWithoutHealth(records);
  return {
    birthMonth: birthMonth(identity.dob?.value ?? null),
    sex: identity.sex?.value ?? null,
    postcodeSector: postcodeSector(identity.postcode?.value ?? null),
  };
}

/**
 * Pseudonymised person-level rows. ICB partners: only under a sharing agreement for their
 * organisation and purpose, and only children whose current consent for that purpose and
 * recipient is granted (so never an opted-out child), k-anonymised over everything released to
 * them. Analysts: every child except those who refused or withdrawn analytics use, with full costs.
 */
@Injectable()
export class PseudonymisedService {
  constructor(
    @Inject(ChildPopulationRepository) private readonly population: ChildPopulationRepository,
    @Inject(ChildLoaderFactory) private readonly loaders: ChildLoaderFactory,
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(PseudonymService) private readonly pseudonyms: PseudonymService,
    @Inject(PolicyService) private readonly policy: PolicyService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  async page(auth: AuthContext, first: number, after: string | null): Promise<PseudonymisedPageModel> {
    if (PSEUDONYMISED_ROWS[auth.role].agreementRequired) {
      const agreed = this.options.sharingAgreements.some(
        (a) =>
          a.organisation.toLowerCase() === auth.organisation?.toLowerCase() &&
          a.purposes.includes(auth.purpose),
      );
      if (!agreed)
        throw new AccessException(
          AccessErrorCode.Forbidden,
          'no sharing agreement covers this organisation and purpose',
        );
    }
    const limit = Math.min(Math.max(first, 1), 200);
    const cursors = this.pseudonyms.cursors();
    let position: string | null = null;
    if (after) {
      position = cursors.open(after) ?? null;
      if (position === null) throw new AccessException(AccessErrorCode.BadInput, 'invalid cursor');
    }
    const pseudo = this.pseudonyms.forCaller(auth);
    // Consent is evaluated per batch; keep reading until the page is full or the population ends.
    const admitted: string[] = [];
    let exhausted = false;
    for (let rounds = 0; admitted.length <= limit && rounds < 20; rounds++) {
      const batch = await this.population.socialCareChildIds(position, (limit + 1) * 2);
      if (batch.length === 0) {
        exhausted = true;
        break;
      }
      const decisions = await this.consents.decisions(batch, auth.purpose, recipientsFor(auth));
      for (const id of batch) {
        if (admitted.length > limit) break;
        position = id;
        if (admitsPseudonymised(auth, decisions.get(id))) admitted.push(id);
      }
    }
    const pageIds = admitted.slice(0, limit);
    const loaders = this.loaders.for(auth);
    const { kAnonymity } = PSEUDONYMISED_ROWS[auth.role];
    const released =
      kAnonymity === null ? null : await this.releasedQuasiIdentifiers(auth, loaders, kAnonymity);
    const [records, placements] = await Promise.all([
      loaders.records.loadMany(pageIds),
      loaders.placements.loadMany(pageIds),
    ]);
    const allPlacements = placements.flatMap((p) => (Array.isArray(p) ? p : []));
    const loadedCosts = await loaders.costs.loadMany(allPlacements.map((p) => p.placementId));
    const costByPlacement = new Map(
      allPlacements.map((p, i) => {
        const cost = loadedCosts[i];
        return [p.placementId, cost instanceof Error ? null : (cost ?? null)] as const;
      }),
    );
    const log = new ReadLog();
    const rows = pageIds.map((personId, index) => {
      const entry = records[index];
      const child = entry && !(entry instanceof Error) ? entry : null;
      const childPlacements = placements[index];
      const list: PlacementRecord[] = Array.isArray(childPlacements) ? childPlacements : [];
      const facts: ChildFacts = { personId, sealed: false, sharingBasis: false };
      const csc = child ? latest(child.records, 'csc-children') : undefined;
      const school = child ? latest(child.records, 'education-pupils') : undefined;
      const costOf = (placementId: string): number => costByPlacement.get(placementId)?.paidToDate ?? 0;
      const current = list.find((p) => p.endDate === null) ?? list[0];
      // A row not in the released population (consent changed between the two reads) gets none.
      let quasi: QuasiIdentifiers | undefined;
      const quasiIdentifiers = (): QuasiIdentifiers =>
        (quasi ??= released
          ? (released.get(personId) ?? { birthMonth: null, sex: null, postcodeSector: null })
          : quasiIdentifiersOf(child?.records ?? []));
      return this.policy.build<PseudonymisedChildModel>(
        'PseudonymisedChild',
        auth,
        facts,
        {
          pseudoId: () => pseudo(personId),
          birthMonth: () => quasiIdentifiers().birthMonth,
          postcodeSector: () => quasiIdentifiers().postcodeSector,
          sex: () => quasiIdentifiers().sex,
          placementGroup: () => current?.placementGroup ?? null,
          ehcPlan: () => (school ? text(school, 'sen_provision')?.toUpperCase() === 'E' : null),
          lookedAfter: () => flag(csc, 'looked_after'),
          totalCostGbp: () => Math.round(list.reduce((sum, p) => sum + costOf(p.placementId), 0) * 100) / 100,
          placements: () =>
            list.map((p) => {
              const cost = costByPlacement.get(p.placementId);
              return this.policy.build<PseudonymisedPlacementModel>(
                'PseudonymisedPlacement',
                auth,
                facts,
                {
                  placementType: () => p.placementType,
                  placementGroup: () => p.placementGroup,
                  providerName: () => p.providerName,
                  startMonth: () => birthMonth(p.startDate),
                  endMonth: () => birthMonth(p.endDate),
                  weeks: () =>
                    cost?.days === null || cost?.days === undefined
                      ? null
                      : Math.round((cost.days / 7) * 10) / 10,
                  weeklyRateGbp: () => cost?.weeklyRate ?? null,
                  costGbp: () => cost?.paidToDate ?? null,
                  committedToYearEndGbp: () => cost?.committedToYearEnd ?? null,
                },
                log,
              );
            }),
        },
        log,
      );
    });
    await this.audit.record({
      auth,
      operation: 'pseudonymisedRows',
      personIds: pageIds,
      fields: [...log.fields],
    });
    const hasNextPage = !exhausted;
    const last = pageIds.at(-1);
    return { rows, endCursor: last ? cursors.seal(last) : null, hasNextPage };
  }

  /**
   * The quasi-identifiers of every child released to this caller (not just this page: a row is
   * rare or not among everything the recipient holds), k-anonymised. Read on every request, as
   * consent is; the records land in the request's loader, so the page's rows are not read twice.
   */
  private async releasedQuasiIdentifiers(
    auth: AuthContext,
    loaders: ChildLoaders,
    k: number,
  ): Promise<Map<string, QuasiIdentifiers>> {
    const ids = await this.population.socialCareChildIds(null, null);
    const decisions = await this.consents.decisions(ids, auth.purpose, recipientsFor(auth));
    const admitted = ids.filter((id) => admitsPseudonymised(auth, decisions.get(id)));
    const records = await loaders.records.loadMany(admitted);
    const population = new Map(
      admitted.map((id, index) => {
        const entry = records[index];
        return [id, quasiIdentifiersOf(entry && !(entry instanceof Error) ? entry.records : [])] as const;
      }),
    );
    return kAnonymise(population, k);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../access/auth-context';
import { AuditService } from '../access/audit/audit.service';
import { recordAccess } from '../access/policy/record-access';
import {
  PlacementCostService,
  type PersonCost,
  type PlacementCost,
} from '../placements/placement-cost.service';
import { asOfDate } from '../placements/placements.exception';
import { ChildLoaderFactory } from './child-loaders';
import { recordFactsOf } from './child-facts';
import { CombinedRecordService } from './combined-record.service';

/** What a cost read discloses, for the audit row (the output types' policy names). */
const PLACEMENT_COST_FIELDS = [
  'PlacementCost.placementId',
  'PlacementCost.placementGroup',
  'PlacementCost.startDate',
  'PlacementCost.endDate',
  'PlacementCost.paidToDateGbp',
  'PlacementCost.weeklyRateGbp',
  'PlacementCost.committedToYearEndGbp',
];
const PERSON_COST_FIELDS = [
  'PersonCostSummary.personId',
  'PersonCostSummary.paidToDateGbp',
  'PersonCostSummary.committedToYearEndGbp',
  ...PLACEMENT_COST_FIELDS,
];

/**
 * Finance's person-level costs, behind the same record-access decision as every view of a child:
 * a sealed pre-adoption identity or a child social care does not know is NOT_FOUND, exactly as a
 * person id that does not exist (ids are sequential, so any difference would let finance walk
 * them). Each read is audited here, once.
 */
@Injectable()
export class FinanceCostsService {
  constructor(
    @Inject(CombinedRecordService) private readonly records: CombinedRecordService,
    @Inject(ChildLoaderFactory) private readonly loaders: ChildLoaderFactory,
    @Inject(PlacementCostService) private readonly costs: PlacementCostService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async personCosts(auth: AuthContext, requestedId: string, asOf: string | undefined): Promise<PersonCost> {
    const date = asOfDate(asOf);
    const { personId } = await this.records.openChild(auth, requestedId);
    const summary = (await this.costs.costsForPerson([personId], date)).get(personId);
    // costsForPerson answers for every id it is given; an empty summary is still this child's.
    const result: PersonCost = summary ?? {
      personId,
      placements: 0,
      paidToDate: 0,
      committedToYearEnd: 0,
      byFinancialYear: [],
      placementCosts: [],
    };
    await this.audit.record({
      auth,
      operation: 'personCosts',
      personIds: [personId],
      fields: PERSON_COST_FIELDS,
    });
    return result;
  }

  /**
   * Costs of the placements asked for, in the order asked, leaving out (as if unknown) any placement
   * whose child the caller may not open — or whose child is in no person, so cannot be checked.
   */
  async placementCosts(
    auth: AuthContext,
    placementIds: readonly string[],
    asOf: string | undefined,
  ): Promise<PlacementCost[]> {
    const date = asOfDate(asOf);
    const ids = [...new Set(placementIds)].slice(0, 500);
    const owners = await this.costs.personsByPlacement(ids);
    const personIds = [...new Set([...owners.values()].flat())];
    const children = await this.loaders.for(auth).records.loadMany(personIds);
    const allowed = new Set(
      personIds.filter((_, index) => {
        const child = children[index];
        return (
          !!child &&
          !(child instanceof Error) &&
          recordAccess(auth, recordFactsOf(child.records)) === 'allowed'
        );
      }),
    );
    const visible = ids.filter((id) => {
      const persons = owners.get(id);
      return persons !== undefined && persons.length > 0 && persons.every((p) => allowed.has(p));
    });
    const found =
      visible.length > 0 ? await this.costs.placementCosts(visible, date) : new Map<string, PlacementCost>();
    const result = visible.map((id) => found.get(id)).filter((c): c is PlacementCost => !!c);
    const readPersons = new Set(result.flatMap((c) => owners.get(c.placementId) ?? []));
    await this.audit.record({
      auth,
      operation: 'placementCosts',
      personIds: [...readPersons],
      fields: PLACEMENT_COST_FIELDS,
    });
    return result;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { AuthContext } from '../access/auth-context';
import { PersonQueryService } from '../person-index/person-query.service';
import type { PersonSourceRecord } from '../person-index/person-feeds';
import type { GoldenRecord } from '../person-index/survivorship';
import { PlacementService } from '../placements/placement.service';
import { PaymentService } from '../placements/payment.service';
import { PlacementCostService, type PlacementCost } from '../placements/placement-cost.service';
import type { PaymentRecord, PlacementRecord } from '../placements/placement.types';

export interface ChildRecords {
  golden: GoldenRecord;
  records: PersonSourceRecord[];
}

/** One DataLoader per relation, per request: a page of children costs one query per relation. */
export interface ChildLoaders {
  records: DataLoader<string, ChildRecords | null>;
  placements: DataLoader<string, PlacementRecord[]>;
  payments: DataLoader<string, PaymentRecord[]>;
  /** Placement costs as of today (paid to date, weekly rate, committed to year end). */
  costs: DataLoader<string, PlacementCost | null>;
}

/**
 * Loaders are keyed by the request's AuthContext object (the guard creates one per request), so
 * a request's resolvers share them and nothing is cached across requests — consent, links and
 * payments are read fresh every time.
 */
@Injectable()
export class ChildLoaderFactory {
  private readonly perRequest = new WeakMap<AuthContext, ChildLoaders>();

  constructor(
    @Inject(PersonQueryService) private readonly persons: PersonQueryService,
    @Inject(PlacementService) private readonly placements: PlacementService,
    @Inject(PaymentService) private readonly payments: PaymentService,
    @Inject(PlacementCostService) private readonly costs: PlacementCostService,
  ) {}

  for(auth: AuthContext): ChildLoaders {
    let loaders = this.perRequest.get(auth);
    if (!loaders) {
      loaders = {
        records: new DataLoader(async (ids) => {
          const found = await this.persons.goldenRecords(ids);
          return ids.map((id) => {
            const entry = found.get(id);
            return entry && entry.records.length > 0 ? entry : null;
          });
        }),
        placements: new DataLoader(async (ids) => {
          const found = await this.placements.placementsForPerson(ids);
          return ids.map((id) => found.get(id) ?? []);
        }),
        payments: new DataLoader(async (ids) => {
          const found = await this.payments.forPlacements(ids);
          return ids.map((id) => found.get(id) ?? []);
        }),
        costs: new DataLoader(async (ids) => {
          const found = await this.costs.placementCosts(ids, new Date().toISOString().slice(0, 10));
          return ids.map((id) => found.get(id) ?? null);
        }),
      };
      this.perRequest.set(auth, loaders);
    }
    return loaders;
  }
}

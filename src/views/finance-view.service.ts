import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../access/auth-context';
import { PolicyService, ReadLog, type ChildFacts } from '../access/policy/policy.service';
import { AuditService } from '../access/audit/audit.service';
import { PaymentService } from '../placements/payment.service';
import type { PaymentRecord } from '../placements/placement.types';
import { ChildLoaderFactory } from './child-loaders';
import { ChildPopulationRepository } from './child-population.repository';
import { CombinedRecordService } from './combined-record.service';
import { identityWithoutHealth, isSealed, latest } from './child-facts';
import type {
  FinanceChildModel,
  FinancePaymentModel,
  FinancePaymentPageModel,
  FinancePlacementModel,
} from './finance-view.model';

/** Finance: a child's placements with payments and costs; the unmatched payments queue. */
@Injectable()
export class FinanceViewService {
  constructor(
    @Inject(CombinedRecordService) private readonly records: CombinedRecordService,
    @Inject(ChildLoaderFactory) private readonly loaders: ChildLoaderFactory,
    @Inject(PaymentService) private readonly payments: PaymentService,
    @Inject(PolicyService) private readonly policy: PolicyService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ChildPopulationRepository) private readonly population: ChildPopulationRepository,
  ) {}

  async financeChild(auth: AuthContext, requestedId: string): Promise<FinanceChildModel> {
    const { personId, child } = await this.records.openChild(auth, requestedId);
    const loaders = this.loaders.for(auth);
    const placements = await loaders.placements.load(personId);
    const placementIds = placements.map((p) => p.placementId);
    const [paymentLists, costs] = await Promise.all([
      loaders.payments.loadMany(placementIds),
      loaders.costs.loadMany(placementIds),
    ]);
    const facts: ChildFacts = { personId, sealed: isSealed(child.records), sharingBasis: false };
    const csc = latest(child.records, 'csc-children');
    // Finance has no health sharing basis: its name fields survive from the other records only.
    const names = identityWithoutHealth(child.records);
    const log = new ReadLog();
    const p = this.policy;
    const model = p.build<FinanceChildModel>(
      'FinanceChild',
      auth,
      facts,
      {
        personId: () => personId,
        laChildId: () => csc?.sourceId ?? null,
        forename: () => names.forename?.value ?? null,
        surname: () => names.surname?.value ?? null,
        placements: () =>
          placements.map((placement, index) => {
            const loaded = paymentLists[index];
            const paid = loaded instanceof Error || loaded === undefined ? [] : loaded;
            const loadedCost = costs[index];
            const cost = loadedCost instanceof Error ? null : (loadedCost ?? null);
            return p.build<FinancePlacementModel>(
              'FinancePlacement',
              auth,
              facts,
              {
                placementId: () => placement.placementId,
                placementType: () => placement.placementType,
                placementGroup: () => placement.placementGroup,
                providerId: () => placement.providerId,
                providerName: () => placement.providerName,
                startDate: () => placement.startDate,
                endDate: () => placement.endDate,
                paidGbp: () => cost?.paidToDate ?? null,
                weeklyRateGbp: () => cost?.weeklyRate ?? null,
                committedToYearEndGbp: () => cost?.committedToYearEnd ?? null,
                highCost: () => cost?.highCost ?? null,
                payments: () => paid.map((payment) => this.payment(auth, facts, payment, log)),
              },
              log,
            );
          }),
      },
      log,
    );
    await this.audit.record({
      auth,
      operation: 'financeChild',
      personIds: [personId],
      fields: [...log.fields],
    });
    return model;
  }

  async unmatchedPayments(
    auth: AuthContext,
    first: number,
    after: string | null,
  ): Promise<FinancePaymentPageModel> {
    const page = await this.payments.unmatched(first, after);
    // Unmatched payments name children: each payment is built for the child its client reference
    // names, so a sealed pre-adoption identity's reference and name stay the steward's (the policy's
    // `unsealed`), and the audit row names every person a reference resolves to (a payment with
    // only a client name names a child no id is known for yet).
    const clientRefs = [...new Set(page.items.map((p) => p.clientRef).filter((r): r is string => !!r))];
    const children = await this.population.childrenOfClientRefs(clientRefs);
    const log = new ReadLog();
    const payments = page.items.map((payment) => {
      const child = payment.clientRef ? children.get(payment.clientRef) : undefined;
      const facts: ChildFacts = {
        personId: child?.personId ?? '',
        sealed: child?.sealed ?? false,
        sharingBasis: false,
      };
      return this.payment(auth, facts, payment, log);
    });
    await this.audit.record({
      auth,
      operation: 'unmatchedPayments',
      personIds: [...log.personIds].sort(),
      fields: [...log.fields],
    });
    return {
      payments,
      totalCount: page.totalCount,
      endCursor: page.nextCursor,
      hasNextPage: page.nextCursor !== null,
    };
  }

  private payment(
    auth: AuthContext,
    facts: ChildFacts,
    payment: PaymentRecord,
    log: ReadLog,
  ): FinancePaymentModel {
    return this.policy.build<FinancePaymentModel>(
      'FinancePayment',
      auth,
      facts,
      {
        paymentId: () => payment.paymentId,
        providerName: () => payment.providerName,
        placementId: () => payment.placementId,
        clientRef: () => payment.clientRef,
        clientName: () => payment.clientName,
        periodStart: () => payment.periodStart,
        periodEnd: () => payment.periodEnd,
        amountGbp: () => payment.amountGbp,
        weeklyRateGbp: () => payment.weeklyRateGbp,
        costCode: () => payment.costCode,
        paidOn: () => payment.paidOn,
        linkMethod: () => payment.linkMethod,
      },
      log,
    );
  }
}

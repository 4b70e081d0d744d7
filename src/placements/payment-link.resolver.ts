import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../access/auth-context';
import { Authorized, CurrentAuth } from '../access/authorized.decorator';
import { LinkPaymentInput } from './link-payment.input';
import { LinkedPaymentModel, PaymentLinkDecisionModel, PaymentLinkRunModel } from './payment-link.model';
import { PaymentLinkingService, type PaymentLinkRunResult } from './payment-linking.service';
import { PaymentService } from './payment.service';
import { Audited } from '../access/audit/audit.interceptor';

function toRunModel(run: PaymentLinkRunResult): PaymentLinkRunModel {
  return {
    runId: run.runId,
    payments: run.payments,
    byPlacementRef: run.byPlacementRef,
    byClientRef: run.byClientRef,
    byProbabilistic: run.byProbabilistic,
    byManual: run.byManual,
    unmatched: run.unmatched,
    dismissed: run.dismissed,
    amountLoadedGbp: run.amountLoaded,
    amountLinkedGbp: run.amountLinked,
    amountUnmatchedGbp: run.amountUnmatched,
  };
}

/**
 * Finance works the unmatched queue (served by the finance view) here: link a payment by hand, see
 * who decided what, run linking. Thin: rules live in PaymentService and PaymentLinkingService.
 */
@Audited()
@Resolver()
export class PaymentLinkResolver {
  constructor(
    @Inject(PaymentService) private readonly payments: PaymentService,
    @Inject(PaymentLinkingService) private readonly linking: PaymentLinkingService,
  ) {}

  @Authorized('finance')
  @Mutation(() => LinkedPaymentModel, {
    description:
      'link a payment to a placement by hand (or mark it as paying none), with a reason; every later run obeys it',
  })
  async linkPaymentToPlacement(
    @CurrentAuth() auth: AuthContext,
    @Args('input') input: LinkPaymentInput,
  ): Promise<LinkedPaymentModel> {
    const p = await this.payments.linkManually({
      paymentId: input.paymentId,
      placementId: input.placementId ?? null,
      reason: input.reason,
      decidedBy: auth.subject,
    });
    return {
      paymentId: p.paymentId,
      placementId: p.placementId,
      linkMethod: p.linkMethod,
      linkConfidence: p.linkConfidence,
      amountGbp: p.amountGbp,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
    };
  }

  @Authorized('finance', 'data_steward')
  @Query(() => [PaymentLinkDecisionModel], {
    description: "finance's manual decisions for a payment, latest first",
  })
  async paymentLinkDecisions(
    @Args('paymentId', { type: () => ID }) paymentId: string,
  ): Promise<PaymentLinkDecisionModel[]> {
    return this.payments.decisions(paymentId);
  }

  @Authorized('finance', 'data_steward')
  @Mutation(() => PaymentLinkRunModel, {
    description: 'refresh placements and payments from the feeds, then link every payment',
  })
  async runPaymentLinking(): Promise<PaymentLinkRunModel> {
    return toRunModel((await this.linking.refreshAndLink()).run);
  }

  @Authorized('finance', 'data_steward')
  @Query(() => [PaymentLinkRunModel], { description: 'recent linking runs, newest first' })
  async paymentLinkRuns(
    @Args('first', { type: () => Int, defaultValue: 10 }) first: number,
  ): Promise<PaymentLinkRunModel[]> {
    return (await this.linking.recentRuns(first)).map(toRunModel);
  }
}

import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { LinkMethod } from './payment-linking.service';
import { PaymentLinkMethodEnum } from './placement-enums';

@ObjectType('LinkedPayment', { description: "a payment and its link to a placement, after finance's decision" })
export class LinkedPaymentModel {
  @Field(() => ID) paymentId!: string;
  @Field(() => ID, { nullable: true }) placementId!: string | null;
  @Field(() => PaymentLinkMethodEnum, { nullable: true }) linkMethod!: LinkMethod | null;
  @Field(() => Float, { nullable: true }) linkConfidence!: number | null;
  @Field(() => Float, { nullable: true }) amountGbp!: number | null;
  @Field(() => String, { nullable: true }) periodStart!: string | null;
  @Field(() => String, { nullable: true }) periodEnd!: string | null;
}

@ObjectType('PaymentLinkDecision', { description: "finance's manual decision for a payment: who, when and why" })
export class PaymentLinkDecisionModel {
  @Field(() => ID, { nullable: true, description: 'null: the payment pays no placement' }) placementId!: string | null;
  @Field(() => String) decidedBy!: string;
  @Field(() => String) reason!: string;
  @Field(() => Date) decidedAt!: Date;
}

@ObjectType('PaymentLinkRun', { description: 'one linking run; linked + unmatched = loaded, in count and in pounds' })
export class PaymentLinkRunModel {
  @Field(() => ID) runId!: string;
  @Field(() => Int) payments!: number;
  @Field(() => Int) byPlacementRef!: number;
  @Field(() => Int) byClientRef!: number;
  @Field(() => Int) byProbabilistic!: number;
  @Field(() => Int) byManual!: number;
  @Field(() => Int, { description: 'includes payments finance marked as paying no placement' }) unmatched!: number;
  @Field(() => Int) dismissed!: number;
  @Field(() => String, { description: 'pounds, exact decimal' }) amountLoadedGbp!: string;
  @Field(() => String) amountLinkedGbp!: string;
  @Field(() => String) amountUnmatchedGbp!: string;
}

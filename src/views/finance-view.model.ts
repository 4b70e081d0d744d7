import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

/* Finance's view: placements, payments and costs, the child's LA id and name only. Built by the policy. */

@ObjectType('FinancePayment')
export class FinancePaymentModel {
  @Field(() => String, { nullable: true }) paymentId!: string | null;
  @Field(() => String, { nullable: true }) providerName!: string | null;
  @Field(() => String, { nullable: true }) placementId!: string | null;
  @Field(() => String, { nullable: true }) clientRef!: string | null;
  @Field(() => String, { nullable: true }) clientName!: string | null;
  @Field(() => String, { nullable: true }) periodStart!: string | null;
  @Field(() => String, { nullable: true }) periodEnd!: string | null;
  @Field(() => Float, { nullable: true }) amountGbp!: number | null;
  @Field(() => Float, { nullable: true }) weeklyRateGbp!: number | null;
  @Field(() => String, { nullable: true }) costCode!: string | null;
  @Field(() => String, { nullable: true }) paidOn!: string | null;
  @Field(() => String, { nullable: true }) linkMethod!: string | null;
}

@ObjectType('FinancePlacement')
export class FinancePlacementModel {
  @Field(() => String, { nullable: true }) placementId!: string | null;
  @Field(() => String, { nullable: true }) placementType!: string | null;
  @Field(() => String, { nullable: true }) placementGroup!: string | null;
  @Field(() => String, { nullable: true }) providerId!: string | null;
  @Field(() => String, { nullable: true }) providerName!: string | null;
  @Field(() => String, { nullable: true }) startDate!: string | null;
  @Field(() => String, { nullable: true }) endDate!: string | null;
  @Field(() => Float, { nullable: true, description: 'paid to date on linked payments' }) paidGbp!:
    number | null;
  @Field(() => Float, { nullable: true, description: 'current weekly rate (latest payment)' })
  weeklyRateGbp!: number | null;
  @Field(() => Float, { nullable: true, description: 'open placement: cost committed to 31 March' })
  committedToYearEndGbp!: number | null;
  @Field(() => Boolean, { nullable: true }) highCost!: boolean | null;
  @Field(() => [FinancePaymentModel], { nullable: true }) payments!: FinancePaymentModel[] | null;
}

@ObjectType('FinanceChild')
export class FinanceChildModel {
  @Field(() => ID, { nullable: true }) personId!: string | null;
  @Field(() => String, { nullable: true }) laChildId!: string | null;
  @Field(() => String, { nullable: true }) forename!: string | null;
  @Field(() => String, { nullable: true }) surname!: string | null;
  @Field(() => [FinancePlacementModel], { nullable: true }) placements!: FinancePlacementModel[] | null;
}

@ObjectType('FinancePaymentPage')
export class FinancePaymentPageModel {
  @Field(() => [FinancePaymentModel]) payments!: FinancePaymentModel[];
  @Field(() => Int) totalCount!: number;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

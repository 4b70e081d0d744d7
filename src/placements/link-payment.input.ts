import { Field, ID, InputType } from '@nestjs/graphql';

@InputType('LinkPaymentInput')
export class LinkPaymentInput {
  @Field(() => ID) paymentId!: string;
  @Field(() => ID, { nullable: true, description: 'omit or null: the payment pays no placement (it leaves the queue)' })
  placementId?: string | null;
  @Field(() => String, { description: 'why; kept with who decided and when' }) reason!: string;
}

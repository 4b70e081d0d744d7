import { Field, InputType, Int } from '@nestjs/graphql';

@InputType('RecordRefInput')
export class RecordRefInput {
  @Field(() => String) feed!: string;
  @Field(() => String) sourceId!: string;
}

@InputType('ChildSearchInput')
export class ChildSearchInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) dob?: string | null;
  @Field(() => String, { nullable: true, description: 'NHS number, UPN, source id or person id' })
  identifier?: string | null;
  @Field(() => Int, { defaultValue: 20 }) first!: number;
  @Field(() => String, { nullable: true }) after?: string | null;
}

import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditEntry', { description: 'One read of person-level data (data stewards only).' })
export class AuditEntryModel {
  @Field(() => ID, { nullable: true }) id!: string | null;
  @Field(() => String, { nullable: true }) occurredAt!: string | null;
  @Field(() => String, { nullable: true, description: 'token subject (user id)' }) subject!: string | null;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => String, { nullable: true }) purpose!: string | null;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field(() => [String], { nullable: true }) personIds!: string[] | null;
  @Field(() => [String], { nullable: true }) fields!: string[] | null;
  @Field(() => String, { nullable: true }) breakGlassReason!: string | null;
  @Field(() => Boolean, { nullable: true }) flaggedForReview!: boolean | null;
  @Field(() => String, { nullable: true }) hash!: string | null;
}

@ObjectType('AuditPage')
export class AuditPageModel {
  @Field(() => [AuditEntryModel]) entries!: AuditEntryModel[];
  @Field(() => String, { nullable: true, description: 'pass as `after` for the next (older) page' })
  endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType('AuditVerification')
export class AuditVerificationModel {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) rows!: number;
  @Field(() => String, { nullable: true }) firstBadId!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

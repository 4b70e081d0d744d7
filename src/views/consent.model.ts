import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ConsentBasisValue {
  consent = 'consent',
  public_task = 'public_task',
  safeguarding = 'safeguarding',
}
registerEnumType(ConsentBasisValue, { name: 'ConsentBasis', description: 'lawful basis for sharing' });

export enum ConsentStatusValue {
  granted = 'granted',
  refused = 'refused',
  withdrawn = 'withdrawn',
}
registerEnumType(ConsentStatusValue, { name: 'ConsentStatus' });

@ObjectType('ConsentRecord', {
  description: 'one consent or legal-basis record (append-only; the latest current one decides)',
})
export class ConsentRecordModel {
  @Field(() => ID, { nullable: true }) id!: string | null;
  @Field(() => String, { nullable: true }) subjectFeed!: string | null;
  @Field(() => String, { nullable: true }) subjectId!: string | null;
  @Field(() => String, { nullable: true }) purpose!: string | null;
  @Field(() => String, { nullable: true }) recipient!: string | null;
  @Field(() => String, { nullable: true }) basis!: string | null;
  @Field(() => String, { nullable: true }) status!: string | null;
  @Field(() => String, { nullable: true }) validFrom!: string | null;
  @Field(() => String, { nullable: true }) validTo!: string | null;
  @Field(() => String, { nullable: true }) recordedBy!: string | null;
  @Field(() => String, { nullable: true }) recordedAt!: string | null;
  @Field(() => String, { nullable: true }) origin!: string | null;
}

@ObjectType('ConsentSyncResult')
export class ConsentSyncResultModel {
  @Field(() => Int) inserted!: number;
}

@InputType('RecordConsentInput')
export class RecordConsentInput {
  @Field(() => ID) personId!: string;
  @Field(() => String, {
    description: 'direct_care, safeguarding, commissioning, population_health, analytics…',
  })
  purpose!: string;
  @Field(() => String, {
    description: "organisation code or role recipient (social_care, analytics…); '*' for any",
  })
  recipient!: string;
  @Field(() => ConsentBasisValue) basis!: ConsentBasisValue;
  @Field(() => ConsentStatusValue, { defaultValue: ConsentStatusValue.granted }) status!: ConsentStatusValue;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) validFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) validTo?: string | null;
}

@InputType('WithdrawConsentInput')
export class WithdrawConsentInput {
  @Field(() => ID) personId!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String) recipient!: string;
  @Field(() => ConsentBasisValue, { defaultValue: ConsentBasisValue.consent }) basis!: ConsentBasisValue;
}

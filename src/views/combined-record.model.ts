import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

/*
 * Output models of the combined record. Every field is nullable: the access policy
 * (src/access/policy/field-policy.ts) decides per role, purpose and child which are populated;
 * a field it does not grant is null, never computed.
 */

@ObjectType('ChildIdentity', { description: 'golden identity (survivorship across feeds)' })
export class ChildIdentityModel {
  @Field(() => String, { nullable: true }) laChildId!: string | null;
  @Field(() => String, { nullable: true }) forename!: string | null;
  @Field(() => String, { nullable: true }) middleNames!: string | null;
  @Field(() => String, { nullable: true }) surname!: string | null;
  @Field(() => String, { nullable: true }) dob!: string | null;
  @Field(() => String, { nullable: true }) sex!: string | null;
  @Field(() => String, { nullable: true }) nhsNumber!: string | null;
  @Field(() => String, { nullable: true }) upn!: string | null;
  @Field(() => String, { nullable: true }) postcode!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
}

@ObjectType('ChildSocialCare')
export class ChildSocialCareModel {
  @Field(() => String, { nullable: true }) allocatedTeam!: string | null;
  @Field(() => String, { nullable: true }) allocatedWorker!: string | null;
  @Field(() => String, { nullable: true }) legalStatus!: string | null;
  @Field(() => Boolean, { nullable: true }) cpPlan!: boolean | null;
  @Field(() => Boolean, { nullable: true }) lookedAfter!: boolean | null;
}

@ObjectType('ChildSourceRecord')
export class ChildSourceRecordModel {
  @Field(() => String, { nullable: true }) feed!: string | null;
  @Field(() => String, { nullable: true }) sourceId!: string | null;
  @Field(() => Int, { nullable: true }) version!: number | null;
  @Field(() => String, { nullable: true }) loadedAt!: string | null;
}

@ObjectType('ChildPlacement')
export class ChildPlacementModel {
  @Field(() => String, { nullable: true }) placementId!: string | null;
  @Field(() => String, { nullable: true }) startDate!: string | null;
  @Field(() => String, { nullable: true }) endDate!: string | null;
  @Field(() => String, { nullable: true, description: 'SSDA903 PLACE code' }) placementType!: string | null;
  @Field(() => String, { nullable: true }) providerName!: string | null;
  @Field(() => String, { nullable: true }) reasonForChange!: string | null;
}

@ObjectType('ChildEducation')
export class ChildEducationModel {
  @Field(() => String, { nullable: true }) schoolUrn!: string | null;
  @Field(() => String, { nullable: true }) schoolName!: string | null;
  @Field(() => String, { nullable: true, description: 'N none, K SEN support, E EHC plan' }) senProvision!:
    string | null;
  @Field(() => Boolean, { nullable: true }) fsmEligible!: boolean | null;
  @Field(() => Float, { nullable: true }) attendancePct!: number | null;
  @Field(() => Int, { nullable: true }) exclusions!: number | null;
  @Field(() => String, { nullable: true }) censusDate!: string | null;
}

@ObjectType('ChildHealth', { description: 'shared only where a consent or legal basis covers the purpose' })
export class ChildHealthModel {
  @Field(() => String, { nullable: true }) gpPracticeCode!: string | null;
  @Field(() => String, { nullable: true }) registeredFrom!: string | null;
  @Field(() => String, { nullable: true }) lastHealthAssessment!: string | null;
  @Field(() => Boolean, { nullable: true }) immunisationsUpToDate!: boolean | null;
}

@ObjectType('ChildRecord', { description: "a child's combined record, filtered by the access policy" })
export class ChildRecordModel {
  @Field(() => ID, { nullable: true }) personId!: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'a sealed pre-adoption identity (data stewards only)',
  })
  sealed!: boolean | null;
  @Field(() => ChildIdentityModel, { nullable: true }) identity!: ChildIdentityModel | null;
  @Field(() => ChildSocialCareModel, { nullable: true }) socialCare!: ChildSocialCareModel | null;
  @Field(() => [ChildSourceRecordModel], { nullable: true }) sourceRecords!: ChildSourceRecordModel[] | null;
  @Field(() => [ChildPlacementModel], { nullable: true }) placements!: ChildPlacementModel[] | null;
  @Field(() => ChildEducationModel, { nullable: true }) education!: ChildEducationModel | null;
  @Field(() => ChildHealthModel, { nullable: true }) health!: ChildHealthModel | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'whether a consent or legal basis for health sharing exists now',
  })
  healthSharingBasis!: boolean | null;
}

@ObjectType('ChildRecordPage')
export class ChildRecordPageModel {
  @Field(() => [ChildRecordModel]) records!: ChildRecordModel[];
  @Field(() => String, { nullable: true, description: 'pass as `after` for the next page' }) endCursor!:
    string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

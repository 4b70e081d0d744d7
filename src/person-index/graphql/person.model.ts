import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

/** GraphQL output shapes of the person index; built from service results, never from entities. */
@ObjectType('ValueSource')
export class ValueSourceModel {
  @Field(() => String) feed!: string;
  @Field(() => String) sourceId!: string;
  @Field(() => ID) sourceRecordId!: string;
  @Field(() => String, { description: 'date the source states for the value, else its load date' })
  asOf!: string;
}

@ObjectType('AlternativeValue')
export class AlternativeValueModel {
  @Field(() => String) value!: string;
  @Field(() => [ValueSourceModel]) sources!: ValueSourceModel[];
}

@ObjectType('SurvivingValue')
export class SurvivingValueModel {
  @Field(() => String) value!: string;
  @Field(() => ValueSourceModel) source!: ValueSourceModel;
  @Field(() => [AlternativeValueModel], { description: 'other values seen: conflicts stay visible' })
  alternatives!: AlternativeValueModel[];
}

@ObjectType('GoldenRecord')
export class GoldenRecordModel {
  @Field(() => SurvivingValueModel, { nullable: true }) forename!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) middleNames!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) surname!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) dob!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) sex!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) nhsNumber!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) upn!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) postcode!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) address!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) school!: SurvivingValueModel | null;
  @Field(() => SurvivingValueModel, { nullable: true }) gpPractice!: SurvivingValueModel | null;
}

@ObjectType('PersonSourceRecord')
export class PersonSourceRecordModel {
  @Field(() => ID) sourceRecordId!: string;
  @Field(() => String) feed!: string;
  @Field(() => String) sourceId!: string;
  @Field(() => Int) version!: number;
  @Field(() => Date) loadedAt!: Date;
  @Field(() => String, { nullable: true }) forename!: string | null;
  @Field(() => String, { nullable: true }) middleNames!: string | null;
  @Field(() => String, { nullable: true }) surname!: string | null;
  @Field(() => [String], { nullable: true }) altSurnames!: string[] | null;
  @Field(() => String, { nullable: true }) dob!: string | null;
  @Field(() => String, { nullable: true }) sex!: string | null;
  @Field(() => String, { nullable: true }) postcode!: string | null;
  @Field(() => String, { nullable: true }) nhsNumber!: string | null;
  @Field(() => String, { nullable: true }) upn!: string | null;
  @Field(() => String, { description: 'the row as read, JSON' }) payloadJson!: string;
}

@ObjectType('PersonLink')
export class PersonLinkModel {
  @Field(() => String) feed!: string;
  @Field(() => String) sourceId!: string;
  @Field(() => ID) sourceRecordId!: string;
  @Field(() => String) ruleSetVersion!: string;
  @Field(() => Float, { nullable: true }) matchProbability!: number | null;
  @Field(() => Float, { nullable: true }) matchWeight!: number | null;
  @Field(() => String, { description: 'deterministic | probabilistic | manual | singleton' }) method!: string;
  @Field(() => Date) linkedAt!: Date;
}

@ObjectType('PersonEvent')
export class PersonEventModel {
  @Field(() => ID) id!: string;
  @Field(() => String) personId!: string;
  @Field(() => String, {
    description: 'created | record_added | record_removed | merged | split | golden_changed',
  })
  type!: string;
  @Field(() => String) payloadJson!: string;
  @Field(() => ID, { nullable: true }) runId!: string | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('Person')
export class PersonModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'the id asked for; differs from id when it redirected (a merge)' })
  requestedId!: string;
  @Field(() => String) status!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => GoldenRecordModel) golden!: GoldenRecordModel;
  @Field(() => [PersonSourceRecordModel]) records!: PersonSourceRecordModel[];
  @Field(() => [PersonLinkModel]) links!: PersonLinkModel[];
  /** Resolved on demand by a field resolver, so a search page does not load every history. */
  history?: PersonEventModel[];
}

@ObjectType('ChildSearchResult')
export class ChildSearchResultModel {
  @Field(() => ID) personId!: string;
  @Field(() => GoldenRecordModel) golden!: GoldenRecordModel;
  @Field(() => Int) recordCount!: number;
}

@ObjectType('ChildSearchPage')
export class ChildSearchPageModel {
  @Field(() => [ChildSearchResultModel]) nodes!: ChildSearchResultModel[];
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType('ReviewItem')
export class ReviewItemModel {
  @Field(() => ID) id!: string;
  @Field(() => String) status!: string;
  @Field(() => Float) matchProbability!: number;
  @Field(() => Float) matchWeight!: number;
  @Field(() => String, { description: 'waterfall: per comparison, the level hit and its weight (JSON)' })
  explanationJson!: string;
  @Field(() => String) ruleSetVersion!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => PersonSourceRecordModel) recordA!: PersonSourceRecordModel;
  @Field(() => PersonSourceRecordModel) recordB!: PersonSourceRecordModel;
  @Field(() => String, { nullable: true }) personA!: string | null;
  @Field(() => String, { nullable: true }) personB!: string | null;
}

@ObjectType('ReviewQueuePage')
export class ReviewQueuePageModel {
  @Field(() => [ReviewItemModel]) nodes!: ReviewItemModel[];
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType('SplitResult')
export class SplitResultModel {
  @Field(() => ID, { description: 'the id that stayed (on the larger part)' }) kept!: string;
  @Field(() => ID, { description: 'the id of the part that left (new, or restored after a merge)' })
  created!: string;
}

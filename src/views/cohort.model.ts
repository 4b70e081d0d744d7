import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum CohortDimension {
  PLACEMENT_GROUP = 'PLACEMENT_GROUP',
  AGE_BAND = 'AGE_BAND',
  DISTRICT = 'DISTRICT',
  EHC_PLAN = 'EHC_PLAN',
  SEX = 'SEX',
}
registerEnumType(CohortDimension, { name: 'CohortDimension' });

@InputType('CohortInput')
export class CohortInput {
  @Field(() => CohortDimension) rows!: CohortDimension;
  @Field(() => CohortDimension, { nullable: true, description: 'omit for a one-way table' })
  columns?: CohortDimension | null;
  @Field(() => Boolean, { defaultValue: true, description: 'children looked after only' })
  lookedAfterOnly!: boolean;
  @Field(() => Boolean, {
    nullable: true,
    description: 'only children with (true) or without (false) an EHC plan',
  })
  ehcPlan?: boolean | null;
  @Field(() => String, { nullable: true, description: 'postcode district, e.g. "WX1"' }) district?:
    string | null;
}

@ObjectType('CohortCell')
export class CohortCellModel {
  @Field(() => String) row!: string;
  @Field(() => String) column!: string;
  @Field(() => Int, { nullable: true, description: 'rounded to 5; null when suppressed' }) count!:
    number | null;
  @Field(() => Boolean) suppressed!: boolean;
}

@ObjectType('CohortMargin')
export class CohortMarginModel {
  @Field(() => String) label!: string;
  @Field(() => Int, { nullable: true }) count!: number | null;
  @Field(() => Boolean) suppressed!: boolean;
}

@ObjectType('CohortResult')
export class CohortResultModel {
  @Field(() => [String]) rows!: string[];
  @Field(() => [String]) columns!: string[];
  @Field(() => [CohortCellModel]) cells!: CohortCellModel[];
  @Field(() => [CohortMarginModel], {
    description: 'empty for a one-way table (they would repeat the cells)',
  })
  rowTotals!: CohortMarginModel[];
  @Field(() => [CohortMarginModel]) columnTotals!: CohortMarginModel[];
  @Field(() => CohortMarginModel) total!: CohortMarginModel;
  @Field(() => String) disclosureControl!: string;
}

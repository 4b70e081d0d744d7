import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

/** A feed file's load as a data steward sees it: provenance and counts (read = accepted + rejected + unchanged). */
@ObjectType('FeedLoad')
export class FeedLoadModel {
  @Field(() => ID) id!: string;
  @Field() feed!: string;
  @Field() fileName!: string;
  @Field({ description: 'sha256 of the file, hex' }) checksum!: string;
  @Field(() => String, { nullable: true }) mapping!: string | null;
  @Field(() => String, { nullable: true }) format!: string | null;
  @Field({ description: 'running, completed or failed' }) status!: string;
  @Field() startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int) read!: number;
  @Field(() => Int) accepted!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'accepted rows that were new records' }) newRecords!: number;
  @Field(() => Int, { description: 'accepted rows that were new versions of changed records' })
  changedRecords!: number;
  @Field(() => String, {
    nullable: true,
    description: 'why the load failed, naming the column or setting at fault',
  })
  error!: string | null;
}

@ObjectType('FeedPageInfo')
export class FeedPageInfoModel {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

@ObjectType('FeedLoadConnection')
export class FeedLoadConnectionModel {
  @Field(() => [FeedLoadModel]) nodes!: FeedLoadModel[];
  @Field(() => FeedPageInfoModel) pageInfo!: FeedPageInfoModel;
}

/** A rejected row: where it was, what it said, and every reason it was rejected. */
@ObjectType('QuarantinedRow')
export class QuarantinedRowModel {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'line of the file the row starts on (header = 1)' }) rowNumber!: number;
  @Field() raw!: string;
  @Field(() => [String]) reasons!: string[];
}

@ObjectType('QuarantinedRowConnection')
export class QuarantinedRowConnectionModel {
  @Field(() => [QuarantinedRowModel]) nodes!: QuarantinedRowModel[];
  @Field(() => FeedPageInfoModel) pageInfo!: FeedPageInfoModel;
}

/** Completeness, validity and uniqueness of one field in one load. */
@ObjectType('FeedDataQualityMetric')
export class DataQualityMetricModel {
  @Field() field!: string;
  @Field(() => Int) rowsTotal!: number;
  @Field(() => Int) rowsPresent!: number;
  @Field(() => Int) rowsValid!: number;
  @Field(() => Int, {
    description: 'kept but flagged, e.g. a future csc-children dob (expected date of delivery)',
  })
  rowsFlagged!: number;
  @Field(() => Float, { description: 'rowsPresent / rowsTotal' }) completeness!: number;
  @Field(() => Float, { description: 'rowsValid / rowsPresent' }) validity!: number;
  @Field(() => Int, { nullable: true, description: 'for the source id and identifiers' }) distinctValues!:
    number | null;
  @Field(() => Int, { nullable: true, description: 'values repeating an earlier row: considered − distinct' })
  duplicateValues!: number | null;
}

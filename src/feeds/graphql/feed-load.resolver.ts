import { Inject } from '@nestjs/common';
import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authorized } from '../../access/authorized.decorator';
import { FeedLoadQueryService } from '../feed-load-query.service';
import {
  DataQualityMetricModel,
  FeedLoadConnectionModel,
  FeedLoadModel,
  QuarantinedRowConnectionModel,
} from './feed-load.model';
import { Audited } from '../../access/audit/audit.interceptor';

/** Loads, their quarantined rows and data-quality metrics: data stewards only. */
@Authorized('data_steward')
@Audited()
@Resolver(() => FeedLoadModel)
export class FeedLoadResolver {
  constructor(@Inject(FeedLoadQueryService) private readonly queries: FeedLoadQueryService) {}

  @Authorized('data_steward')
  @Query(() => FeedLoadConnectionModel, { description: 'feed loads, newest first' })
  feedLoads(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('feed', { type: () => String, nullable: true }) feed: string | null,
  ): Promise<FeedLoadConnectionModel> {
    return this.queries.loads(first, after, feed);
  }

  @Authorized('data_steward')
  @Query(() => FeedLoadModel, { nullable: true })
  feedLoad(@Args('id', { type: () => ID }) id: string): Promise<FeedLoadModel | null> {
    return this.queries.load(id);
  }

  @ResolveField(() => QuarantinedRowConnectionModel)
  quarantinedRows(
    @Parent() load: FeedLoadModel,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<QuarantinedRowConnectionModel> {
    return this.queries.quarantine(load.id, first, after);
  }

  @ResolveField(() => [DataQualityMetricModel])
  dataQuality(@Parent() load: FeedLoadModel): Promise<DataQualityMetricModel[]> {
    return this.queries.quality(load.id);
  }
}

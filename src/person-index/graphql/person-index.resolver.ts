import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authorized, CurrentAuth } from '../../access/authorized.decorator';
import type { AuthContext } from '../../access/auth-context';
import { PersonQueryService } from '../person-query.service';
import { PersonStewardService } from '../person-steward.service';
import { ChildSearchInput, RecordRefInput } from './person-index.input';
import {
  ChildSearchPageModel,
  PersonEventModel,
  PersonModel,
  ReviewQueuePageModel,
  SplitResultModel,
} from './person.model';
import { toEventModel, toGoldenModel, toPersonModel, toReviewItemModel } from './person.mapper';
import type { ReviewStatus } from '../entities/review-item.entity';
import { Audited } from '../../access/audit/audit.interceptor';

const REVIEW_STATUSES: readonly ReviewStatus[] = ['open', 'accepted', 'rejected', 'superseded'];

/** The data steward's view of the person index: thin; rules live in the services. */
@Audited()
@Resolver(() => PersonModel)
@Authorized('data_steward')
export class PersonIndexResolver {
  constructor(
    @Inject(PersonQueryService) private readonly query: PersonQueryService,
    @Inject(PersonStewardService) private readonly steward: PersonStewardService,
  ) {}

  @Query(() => ChildSearchPageModel)
  async searchChildren(@Args('search') search: ChildSearchInput): Promise<ChildSearchPageModel> {
    const page = await this.query.searchChildren(search);
    return {
      nodes: page.persons.map((p) => ({
        personId: p.id,
        golden: toGoldenModel(p.golden),
        recordCount: p.recordCount,
      })),
      endCursor: page.endCursor,
      hasNextPage: page.hasNextPage,
    };
  }

  @Query(() => PersonModel, {
    nullable: true,
    description: 'a child by any id it ever had (redirects are followed)',
  })
  async person(@Args('id', { type: () => ID }) id: string): Promise<PersonModel | null> {
    const resolved = await this.query.resolve(id);
    if (!resolved) return null;
    return { ...toPersonModel(await this.query.getCombinedRecord(resolved.id)), requestedId: id };
  }

  @ResolveField('history', () => [PersonEventModel])
  async history(@Parent() person: PersonModel): Promise<PersonEventModel[]> {
    return (await this.query.history(person.id)).map(toEventModel);
  }

  @Query(() => ReviewQueuePageModel)
  async reviewQueue(
    @Args('status', { type: () => String, defaultValue: 'open' }) status: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<ReviewQueuePageModel> {
    const wanted = REVIEW_STATUSES.find((s) => s === status) ?? 'open';
    const page = await this.query.reviewQueue({ status: wanted, first, after });
    return {
      nodes: page.items.map(toReviewItemModel),
      endCursor: page.endCursor,
      hasNextPage: page.hasNextPage,
    };
  }

  @Mutation(() => ID, {
    description: 'the two records are one child: their persons merge; returns the surviving id',
  })
  async acceptReview(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @CurrentAuth() auth: AuthContext,
  ): Promise<string> {
    return this.steward.acceptReview(id, { actor: auth.subject, reason });
  }

  @Mutation(() => Boolean, {
    description: 'the two records are different children; later runs keep them apart',
  })
  async rejectReview(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @CurrentAuth() auth: AuthContext,
  ): Promise<boolean> {
    await this.steward.rejectReview(id, { actor: auth.subject, reason });
    return true;
  }

  @Mutation(() => ID, { description: 'puts record b in the person of record a; returns that person id' })
  async linkRecords(
    @Args('a') a: RecordRefInput,
    @Args('b') b: RecordRefInput,
    @Args('reason') reason: string,
    @CurrentAuth() auth: AuthContext,
  ): Promise<string> {
    return this.steward.linkRecords({ ...a }, { ...b }, { actor: auth.subject, reason });
  }

  @Mutation(() => SplitResultModel, { description: 'takes a record out of its person into a new one' })
  async unlinkRecord(
    @Args('record') record: RecordRefInput,
    @Args('reason') reason: string,
    @CurrentAuth() auth: AuthContext,
  ): Promise<SplitResultModel> {
    return this.steward.unlinkRecord({ ...record }, { actor: auth.subject, reason });
  }

  @Mutation(() => ID, { description: 'merges two persons; the older id survives, the other redirects to it' })
  async mergePersons(
    @Args('first', { type: () => ID }) first: string,
    @Args('second', { type: () => ID }) second: string,
    @Args('reason') reason: string,
    @CurrentAuth() auth: AuthContext,
  ): Promise<string> {
    return this.steward.mergePersons(first, second, { actor: auth.subject, reason });
  }

  @Mutation(() => SplitResultModel, {
    description: 'splits the named records off a person; the larger part keeps the id',
  })
  async splitPerson(
    @Args('personId', { type: () => ID }) personId: string,
    @Args('records', { type: () => [RecordRefInput] }) records: RecordRefInput[],
    @Args('reason') reason: string,
    @CurrentAuth() auth: AuthContext,
  ): Promise<SplitResultModel> {
    return this.steward.splitPerson(
      personId,
      records.map((r) => ({ ...r })),
      { actor: auth.subject, reason },
    );
  }
}

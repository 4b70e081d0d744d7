import 'reflect-metadata';
import { Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '../authorized.decorator';
import { Audited, AuditedByService } from './audit.interceptor';
import { unauditedOperations } from './audit-coverage.check';
import { CombinedRecordResolver } from '../../views/combined-record.resolver';
import { PersonIndexResolver } from '../../person-index/graphql/person-index.resolver';
import { FeedLoadResolver } from '../../feeds/graphql/feed-load.resolver';
import { PaymentLinkResolver } from '../../placements/payment-link.resolver';
import { PlacementCostResolver } from '../../placements/placement-cost.resolver';
import { ServiceStatusResolver } from '../../health/service-status.resolver';

@Resolver()
class Forgotten {
  @Query(() => String)
  secret(): string {
    return 'x';
  }

  @Mutation(() => String, { name: 'renamed' })
  change(): string {
    return 'y';
  }

  @ResolveField(() => String)
  nested(): string {
    return 'z';
  }
}

@Audited()
@Resolver()
class Intercepted {
  @Query(() => String)
  fine(): string {
    return 'x';
  }
}

@Resolver()
class PerMethod {
  @AuditedByService()
  @Query(() => String)
  own(): string {
    return 'x';
  }

  @Public()
  @Query(() => String)
  open(): string {
    return 'x';
  }

  @Query(() => String)
  bare(): string {
    return 'x';
  }
}

@Resolver()
class Inherits extends PerMethod {
  @AuditedByService()
  @Query(() => String)
  extra(): string {
    return 'x';
  }
}

describe('audit coverage', () => {
  it('names every root operation that nothing audits, and no field resolver', () => {
    expect(unauditedOperations([Forgotten, Intercepted, PerMethod])).toEqual([
      'Query.secret',
      'Mutation.renamed',
      'Query.bare',
    ]);
  });

  it('counts the queries a resolver inherits from its base class', () => {
    expect(unauditedOperations([Inherits])).toEqual(['Query.bare']);
  });

  it("holds for the service's resolvers", () => {
    expect(
      unauditedOperations([
        CombinedRecordResolver,
        PersonIndexResolver,
        FeedLoadResolver,
        PaymentLinkResolver,
        PlacementCostResolver,
        ServiceStatusResolver,
      ]),
    ).toEqual([]);
  });
});

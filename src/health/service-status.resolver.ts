import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { DemoDataStatus } from './demo-data-status';

@ObjectType('ServiceStatus')
class ServiceStatusModel {
  @Field(() => String) status!: string;
  @Field(() => String) demoData!: string;
}

/** Public liveness over GraphQL: no person data, so no role is needed. */
@Resolver(() => ServiceStatusModel)
export class ServiceStatusResolver {
  constructor(@Inject(DemoDataStatus) private readonly demo: DemoDataStatus) {}

  @Query(() => ServiceStatusModel)
  serviceStatus(): ServiceStatusModel {
    return { status: 'ok', demoData: this.demo.state };
  }
}

import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../access/auth-context';
import { Authorized, CurrentAuth } from '../access/authorized.decorator';
import { CombinedRecordService } from './combined-record.service';
import { ChildRecordModel, ChildRecordPageModel } from './combined-record.model';
import { AuditedByService } from '../access/audit/audit.interceptor';

@Resolver(() => ChildRecordModel)
@AuditedByService()
export class CombinedRecordResolver {
  constructor(@Inject(CombinedRecordService) private readonly records: CombinedRecordService) {}

  @Authorized('social_worker', 'data_steward')
  @Query(() => ChildRecordModel, {
    description:
      "a child's combined record. Social workers: their team's caseload; any other child only with an x-break-glass-reason header (flagged for review).",
  })
  childRecord(
    @CurrentAuth() auth: AuthContext,
    @Args('personId', { type: () => ID }) personId: string,
  ): Promise<ChildRecordModel> {
    return this.records.childRecord(auth, personId);
  }

  @Authorized('social_worker')
  @Query(() => ChildRecordPageModel, {
    description: "children on your team's caseload (their csc allocated_team), in person id order",
    complexity: ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }) =>
      (args.first ?? 25) * childComplexity,
  })
  caseload(
    @CurrentAuth() auth: AuthContext,
    @Args('first', { type: () => Int, defaultValue: 25 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ChildRecordPageModel> {
    return this.records.caseload(auth, first, after ?? null);
  }
}

import { Inject } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../access/auth-context';
import { Authorized, CurrentAuth } from '../access/authorized.decorator';
import { CombinedRecordService } from './combined-record.service';
import { ChildRecordModel } from './combined-record.model';
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
}

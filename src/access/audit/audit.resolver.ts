import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import type { AuthContext } from '../auth-context';
import { Authorized, CurrentAuth } from '../authorized.decorator';
import { AuditLogService } from './audit-log.service';
import { AuditEntryModel, AuditPageModel, AuditVerificationModel } from './audit.model';
import { AuditedByService } from './audit.interceptor';

@Resolver(() => AuditEntryModel)
@AuditedByService()
export class AuditResolver {
  constructor(@Inject(AuditLogService) private readonly auditLogs: AuditLogService) {}

  @Authorized('data_steward')
  @Query(() => AuditPageModel, {
    description: 'The access audit, newest first (cursor pagination).',
    complexity: ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }) =>
      (args.first ?? 50) * childComplexity,
  })
  async auditLog(
    @CurrentAuth() auth: AuthContext,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('personId', { type: () => String, nullable: true }) personId?: string,
    @Args('flaggedOnly', { type: () => Boolean, defaultValue: false }) flaggedOnly?: boolean,
  ): Promise<AuditPageModel> {
    return this.auditLogs.page(auth, { first, after, personId, flaggedOnly });
  }

  @Authorized('data_steward')
  @Query(() => AuditVerificationModel, { description: "Recomputes the audit's hash chain." })
  async auditVerification(): Promise<AuditVerificationModel> {
    return this.auditLogs.verify();
  }
}

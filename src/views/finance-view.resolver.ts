import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../access/auth-context';
import { Authorized, CurrentAuth } from '../access/authorized.decorator';
import { FinanceViewService } from './finance-view.service';
import { FinanceChildModel, FinancePaymentPageModel } from './finance-view.model';
import { AuditedByService } from '../access/audit/audit.interceptor';

@Resolver(() => FinanceChildModel)
@AuditedByService()
export class FinanceViewResolver {
  constructor(@Inject(FinanceViewService) private readonly finance: FinanceViewService) {}

  @Authorized('finance', 'data_steward')
  @Query(() => FinanceChildModel, {
    description: "a child's placements, payments and costs; LA id and name only",
  })
  financeChild(
    @CurrentAuth() auth: AuthContext,
    @Args('personId', { type: () => ID }) personId: string,
  ): Promise<FinanceChildModel> {
    return this.finance.financeChild(auth, personId);
  }

  @Authorized('finance', 'data_steward')
  @Query(() => FinancePaymentPageModel, {
    description: 'payments not linked to any placement (cursor pagination)',
    complexity: ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }) =>
      (args.first ?? 50) * childComplexity,
  })
  unmatchedPayments(
    @CurrentAuth() auth: AuthContext,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<FinancePaymentPageModel> {
    return this.finance.unmatchedPayments(auth, first, after ?? null);
  }
}

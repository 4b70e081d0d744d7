import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../access/auth-context';
import { Authorized, CurrentAuth } from '../access/authorized.decorator';
import { ConsentViewService } from './consent-view.service';
import { AuditedByService } from '../access/audit/audit.interceptor';
import {
  ConsentRecordModel,
  ConsentStatusValue,
  ConsentSyncResultModel,
  RecordConsentInput,
  WithdrawConsentInput,
} from './consent.model';

@Resolver(() => ConsentRecordModel)
@AuditedByService()
export class ConsentResolver {
  constructor(@Inject(ConsentViewService) private readonly consentViews: ConsentViewService) {}

  @Authorized('social_worker', 'data_steward')
  @Query(() => [ConsentRecordModel], {
    description: "a child's consent and legal-basis records, newest first",
  })
  consents(
    @CurrentAuth() auth: AuthContext,
    @Args('personId', { type: () => ID }) personId: string,
  ): Promise<ConsentRecordModel[]> {
    return this.consentViews.forChild(auth, personId);
  }

  @Authorized('social_worker', 'data_steward')
  @Mutation(() => ConsentRecordModel, {
    description: 'records a consent, refusal or legal basis for a child, purpose and recipient',
  })
  recordConsent(
    @CurrentAuth() auth: AuthContext,
    @Args('input') input: RecordConsentInput,
  ): Promise<ConsentRecordModel> {
    return this.consentViews.change(auth, input);
  }

  @Authorized('social_worker', 'data_steward')
  @Mutation(() => ConsentRecordModel, { description: 'withdraws consent: takes effect on the next request' })
  withdrawConsent(
    @CurrentAuth() auth: AuthContext,
    @Args('input') input: WithdrawConsentInput,
  ): Promise<ConsentRecordModel> {
    return this.consentViews.change(auth, { ...input, status: ConsentStatusValue.withdrawn });
  }

  @Authorized('data_steward')
  @Mutation(() => ConsentSyncResultModel, {
    description: 'materialises consents-feed rows loaded since the last sync',
  })
  syncConsentsFromFeed(): Promise<ConsentSyncResultModel> {
    return this.consentViews.syncFromFeed();
  }
}

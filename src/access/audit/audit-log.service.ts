import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth-context';
import { AccessErrorCode, AccessException } from '../access.exception';
import { PolicyService, ReadLog } from '../policy/policy.service';
import { AuditService, type AuditVerification } from './audit.service';
import type { AuditEntryModel, AuditPageModel } from './audit.model';

/** Data stewards' view of the audit; reading the audit is itself audited (it names children). */
@Injectable()
export class AuditLogService {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(PolicyService) private readonly policy: PolicyService,
  ) {}

  async page(
    auth: AuthContext,
    options: { first: number; after?: string; personId?: string; flaggedOnly?: boolean },
  ): Promise<AuditPageModel> {
    if (options.after !== undefined && !/^\d+$/.test(options.after))
      throw new AccessException(AccessErrorCode.BadInput, 'invalid cursor');
    const { rows, hasMore } = await this.audit.list(options);
    const log = new ReadLog();
    const entries: AuditEntryModel[] = rows.map((row) =>
      this.policy.build<AuditEntryModel>(
        'AuditEntry',
        auth,
        undefined,
        {
          id: () => row.id,
          occurredAt: () => row.occurredAt,
          subject: () => row.subject,
          role: () => row.role,
          purpose: () => row.purpose,
          operation: () => row.operation,
          personIds: () => [...row.personIds],
          fields: () => [...row.fields],
          breakGlassReason: () => row.breakGlassReason,
          flaggedForReview: () => row.flaggedForReview,
          hash: () => row.hash,
        },
        log,
      ),
    );
    const personIds = new Set(rows.flatMap((row) => row.personIds));
    await this.audit.record({
      auth,
      operation: 'auditLog',
      personIds: [...personIds],
      fields: [...log.fields],
    });
    return { entries, endCursor: rows.at(-1)?.id ?? null, hasNextPage: hasMore };
  }

  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}

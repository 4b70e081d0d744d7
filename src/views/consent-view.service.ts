import { Inject, Injectable } from '@nestjs/common';
import { isPurpose, type AuthContext } from '../access/auth-context';
import { AccessErrorCode, AccessException } from '../access/access.exception';
import { PolicyService, ReadLog } from '../access/policy/policy.service';
import {
  ConsentService,
  type ConsentBasis,
  type ConsentRow,
  type ConsentStatus,
} from '../access/consent/consent.service';
import { mayRecordConsent } from '../access/policy/record-access';
import { AuditService } from '../access/audit/audit.service';
import { CombinedRecordService } from './combined-record.service';
import type { ConsentRecordModel } from './consent.model';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ConsentChange {
  personId: string;
  purpose: string;
  recipient: string;
  basis: ConsentBasis;
  status: ConsentStatus;
  validFrom?: string | null;
  validTo?: string | null;
}

/**
 * Recording, withdrawing and reading a child's consents (data stewards; social workers for the
 * children they may open). Records are appended; the evaluation reads the latest on every request.
 */
@Injectable()
export class ConsentViewService {
  constructor(
    @Inject(CombinedRecordService) private readonly records: CombinedRecordService,
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(PolicyService) private readonly policy: PolicyService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async change(auth: AuthContext, change: ConsentChange): Promise<ConsentRecordModel> {
    // Before anything else, and before the child is looked up: a role question, not a child's.
    if (!mayRecordConsent(auth, change.status)) {
      throw new AccessException(
        AccessErrorCode.Forbidden,
        `a ${auth.role} may not record a consent as ${change.status}`,
      );
    }
    if (!isPurpose(change.purpose)) throw new AccessException(AccessErrorCode.BadInput, 'unknown purpose');
    const recipient = change.recipient.trim();
    if (recipient === '' || recipient.length > 100)
      throw new AccessException(AccessErrorCode.BadInput, 'recipient required');
    for (const date of [change.validFrom, change.validTo]) {
      if (date && (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date))))
        throw new AccessException(AccessErrorCode.BadInput, 'dates are YYYY-MM-DD');
    }
    if (change.validFrom && change.validTo && change.validTo < change.validFrom) {
      throw new AccessException(AccessErrorCode.BadInput, 'validTo is before validFrom');
    }
    const { personId, child, breakGlass } = await this.records.openChild(auth, change.personId);
    // The consent is recorded against the child's social care record when there is one.
    const subject = child.records.find((r) => r.feed === 'csc-children') ?? child.records[0];
    if (!subject) throw new AccessException(AccessErrorCode.NotFound);
    const row = await this.consents.record({
      subjectFeed: subject.feed,
      subjectId: subject.sourceId,
      purpose: change.purpose,
      recipient,
      basis: change.basis,
      status: change.status,
      validFrom: change.validFrom ?? null,
      validTo: change.validTo ?? null,
      recordedBy: auth.subject,
    });
    const log = new ReadLog();
    const model = this.toModel(auth, personId, row, log);
    await this.audit.record({
      auth,
      operation: `consent:${change.status}`,
      personIds: [personId],
      fields: [...log.fields],
      breakGlass,
    });
    return model;
  }

  async forChild(auth: AuthContext, requestedId: string): Promise<ConsentRecordModel[]> {
    const { personId, breakGlass } = await this.records.openChild(auth, requestedId);
    const rows = await this.consents.forPerson(personId);
    const log = new ReadLog();
    const models = rows.map((row) => this.toModel(auth, personId, row, log));
    await this.audit.record({
      auth,
      operation: 'consents',
      personIds: [personId],
      fields: [...log.fields],
      breakGlass,
    });
    return models;
  }

  async syncFromFeed(): Promise<{ inserted: number }> {
    return this.consents.syncFromFeed();
  }

  private toModel(auth: AuthContext, personId: string, row: ConsentRow, log: ReadLog): ConsentRecordModel {
    return this.policy.build<ConsentRecordModel>(
      'ConsentRecord',
      auth,
      { personId, sealed: false, sharingBasis: false },
      {
        id: () => row.id,
        subjectFeed: () => row.subjectFeed,
        subjectId: () => row.subjectId,
        purpose: () => row.purpose,
        recipient: () => row.recipient,
        basis: () => row.basis,
        status: () => row.status,
        validFrom: () => row.validFrom,
        validTo: () => row.validTo,
        recordedBy: () => row.recordedBy,
        recordedAt: () => row.recordedAt,
        origin: () => row.origin,
      },
      log,
    );
  }
}

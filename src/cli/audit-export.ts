import type { INestApplicationContext } from '@nestjs/common';
import { userInfo } from 'node:os';
import { AuditService } from '../access/audit/audit.service';

/**
 * A bulk export of person-level data is a read like any other: it leaves an access-audit row
 * (operator as subject, data steward acting for data management). The row names the export and
 * its size rather than every child: the export covers all active records.
 */
export async function auditExport(
  app: INestApplicationContext,
  operation: string,
  fields: readonly string[],
): Promise<void> {
  const audit = app.get(AuditService);
  await audit.record({
    auth: { subject: `cli:${userInfo().username}`, role: 'data_steward', purpose: 'data_management' },
    operation,
    personIds: [],
    fields,
  });
  await audit.flush();
}

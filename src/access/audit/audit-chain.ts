import { createHash } from 'node:crypto';

/** One access-audit row's content, as hashed. */
export interface AuditContent {
  occurredAt: string;
  subject: string;
  role: string;
  purpose: string;
  operation: string;
  personIds: readonly string[];
  fields: readonly string[];
  breakGlassReason: string | null;
  flaggedForReview: boolean;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical form: a JSON array in a fixed order (no key-order ambiguity), so the same content
 * always hashes the same and any edited value changes the hash. The row id is not in it: order is
 * fixed by each row's hash covering the previous one, so a reordered, removed or inserted row
 * breaks the chain.
 */
export function canonical(content: AuditContent): string {
  return JSON.stringify([
    content.occurredAt,
    content.subject,
    content.role,
    content.purpose,
    content.operation,
    content.personIds,
    content.fields,
    content.breakGlassReason,
    content.flaggedForReview,
  ]);
}

/** Each row's hash covers the previous row's hash and its own canonical content. */
export function chainHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(content)).digest('hex');
}

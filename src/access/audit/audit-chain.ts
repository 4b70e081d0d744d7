import { createHmac } from 'node:crypto';
import { ConfigError, type AppConfig } from '../../config/app-config';
import { devKeyFile } from '../dev-secret';

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

/**
 * Each row's hash is an HMAC-SHA256, keyed with AUDIT_KEY (held outside the database), over the
 * previous row's hash and its own canonical content. A plain hash could be recomputed by anyone
 * who can write the table (a database superuser can disable the append-only trigger); without
 * the key an edited, removed or inserted row cannot be given a hash that verifies.
 */
export function chainHash(key: string, prevHash: string, content: AuditContent): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(canonical(content)).digest('hex');
}

/**
 * AUDIT_KEY wins; in development with none set, a random key is created once under DATA_DIR
 * (DATA_DIR/audit-dev-key, 0600) like the other dev keys. Production refuses to start without one:
 * an unkeyed chain would give no protection against the people it is meant to watch.
 */
export function auditKey(config: AppConfig): string {
  if (config.auditKey) return config.auditKey;
  if (config.nodeEnv === 'production') throw new ConfigError('AUDIT_KEY', 'is required in production');
  return devKeyFile(config.dataDir, 'audit-dev-key');
}

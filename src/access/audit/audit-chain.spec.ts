import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadConfig } from '../../config/app-config';
import { GENESIS_HASH, auditKey, canonical, chainHash, type AuditContent } from './audit-chain';

const content: AuditContent = {
  occurredAt: '2026-11-25T00:00:00.000Z',
  subject: 'sw-1',
  role: 'social_worker',
  purpose: 'direct_care',
  operation: 'childRecord',
  personIds: ['P0000000001'],
  fields: ['identity.surname'],
  breakGlassReason: null,
  flaggedForReview: false,
};

describe('audit chain key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'childlink-audit-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is an HMAC: not the plain sha256, and different under another key', () => {
    const plain = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonical(content)}`)
      .digest('hex');
    const a = chainHash('key-a', GENESIS_HASH, content);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(plain);
    expect(chainHash('key-b', GENESIS_HASH, content)).not.toBe(a);
    expect(chainHash('key-a', GENESIS_HASH, content)).toBe(a);
  });

  it('AUDIT_KEY wins; production without it refuses to start', () => {
    expect(auditKey(loadConfig({ DATA_DIR: dataDir, AUDIT_KEY: 'k'.repeat(40) }))).toBe('k'.repeat(40));
    expect(() => auditKey(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' }))).toThrow(/AUDIT_KEY/);
  });

  it('development: a dev key is created once under DATA_DIR (0600) and reused', () => {
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'development' });
    const first = auditKey(config);
    expect(first).toMatch(/^[\w-]{40,}$/);
    expect(auditKey(config)).toBe(first);
    expect(statSync(join(dataDir, 'audit-dev-key')).mode & 0o777).toBe(0o600);
  });
});

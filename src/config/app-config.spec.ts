import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditKey } from '../access/audit/audit-chain';
import { localSigningSecret } from '../access/dev-secret';
import { graphqlAccessOptions } from '../access/hardening/graphql-options';
import { pseudonymKey } from '../access/pseudonym/pseudonym-key';
import { loadConfig } from './app-config';

describe('NODE_ENV: development must be asked for by name', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'childlink-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('unset, misspelt or anything else is production', () => {
    for (const value of [undefined, '', 'prod', 'Development', 'staging', 'production']) {
      expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: value }).nodeEnv).toBe('production');
    }
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'development' }).nodeEnv).toBe('development');
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).nodeEnv).toBe('test');
  });

  it('with NODE_ENV unset no dev key is invented in DATA_DIR, the audit needs AUDIT_KEY and introspection is off', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(localSigningSecret(config)).toBeUndefined();
    expect(pseudonymKey(config)).toBeUndefined();
    expect(() => auditKey(config)).toThrow(/AUDIT_KEY/);
    expect(graphqlAccessOptions(config).introspection).toBe(false);
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
  });

  it('development, as `npm start` sets it: dev keys in DATA_DIR and introspection', () => {
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'development' });
    expect(localSigningSecret(config)).toMatch(/^[\w-]{40,}$/);
    expect(pseudonymKey(config)).toMatch(/^[\w-]{40,}$/);
    expect(auditKey(config)).toMatch(/^[\w-]{40,}$/);
    expect(graphqlAccessOptions(config).introspection).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(['audit-dev-key', 'jwt-dev-secret', 'pseudonym-dev-key']);
  });
});

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { localSigningSecret } from './dev-secret';

describe('local signing secret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'childlink-dev-secret-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('development, no JWKS: a key is created once under DATA_DIR and reused', () => {
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'development' });
    const first = localSigningSecret(config);
    expect(first).toMatch(/^[\w-]{40,}$/);
    expect(localSigningSecret(config)).toBe(first);
  });

  it('JWKS configured, even in development: no dev key is created, and an old one is not accepted', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      JWT_JWKS_URI: 'https://login.example.gov.uk/keys',
    });
    expect(localSigningSecret(config)).toBeUndefined();
    expect(existsSync(join(dataDir, 'jwt-dev-secret'))).toBe(false);
    writeFileSync(join(dataDir, 'jwt-dev-secret'), 'left-over-dev-key\n');
    expect(localSigningSecret(config)).toBeUndefined();
  });

  it('an explicit JWT_SECRET is still used alongside JWKS (a deliberate choice, not a dev key)', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      JWT_JWKS_URI: 'https://idp.example/keys',
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(localSigningSecret(config)).toBe('x'.repeat(40));
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from '../support/test-app';
import { errorCode, gql } from './support/graphql';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

async function cliToken(dataDir: string, ...args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' };
  delete env.JWT_SECRET;
  const { stdout } = await run(
    process.execPath,
    ['-r', '@swc-node/register', 'src/cli/main.ts', 'token', ...args, '--json'],
    { cwd: ROOT, env },
  );
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { token: string }).token;
}

describe('`childlink token` and the service agree out of the box (dev key under DATA_DIR)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'childlink-token-'));
  let t: TestApp;
  beforeAll(async () => {
    // No JWT_SECRET: the service derives and persists a development key under DATA_DIR.
    t = await createTestApp({ JWT_SECRET: '', DATA_DIR: dataDir, NODE_ENV: 'development' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('mints a token the running service accepts, for the role, team and purpose asked', async () => {
    expect(statSync(join(dataDir, 'jwt-dev-secret')).mode & 0o777).toBe(0o600);
    const token = await cliToken(
      dataDir,
      '--role',
      'social_worker',
      '--team',
      'north',
      '--purpose',
      'safeguarding',
    );
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({
      role: 'social_worker',
      team: 'north',
      purpose: 'safeguarding',
      iss: 'childlink-local',
      aud: 'childlink',
    });
    // Accepted (authenticated and authorised): a social worker may read consents; the child is unknown.
    const res = await gql(t.app, '{ consents(personId: "P0000000001") { id } }', { token });
    expect(errorCode(res)).toBe('NOT_FOUND');
  }, 60_000);

  it('refuses a purpose the role may not use', async () => {
    await expect(cliToken(dataDir, '--role', 'finance', '--purpose', 'direct_care')).rejects.toThrow(
      /purpose must be one of finance/,
    );
  }, 60_000);

  it('a token minted under another DATA_DIR key is refused', async () => {
    const other = mkdtempSync(join(tmpdir(), 'childlink-token-other-'));
    try {
      const token = await cliToken(other, '--role', 'data_steward');
      const res = await gql(t.app, '{ auditVerification { ok } }', { token });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);
});

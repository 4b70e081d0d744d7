import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createTestApp, type TestApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import { errorCode, gql } from './support/graphql';

const SECRET = 'test-secret-not-for-production';
const VERIFY = '{ auditVerification { ok rows } }';
const claims = { role: 'data_steward', purpose: 'data_management' };
const signOptions = { issuer: 'childlink-local', audience: 'childlink', subject: 'steward-1' } as const;

describe('authentication (e2e, real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts a valid local token for the role the resolver allows', async () => {
    const res = await gql(t.app, VERIFY, { token: tokenFor(t.app, { role: 'data_steward' }) });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ auditVerification: { ok: true, rows: 0 } });
  });

  it('refuses a request with no token, saying only that authentication is required', async () => {
    const res = await gql(t.app, VERIFY);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toBe('authentication required');
    expect(res.data ?? null).toBeNull();
  });

  it.each([
    [
      'expired',
      () => jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, SECRET, signOptions),
      'token expired',
    ],
    ['malformed', () => 'not.a.jwt', 'invalid token'],
    [
      'wrongly signed',
      () => jwt.sign(claims, 'some-other-secret', { ...signOptions, expiresIn: 600 }),
      'invalid token',
    ],
    [
      'unsigned (alg none)',
      () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({
            ...claims,
            ...{
              iss: 'childlink-local',
              aud: 'childlink',
              sub: 'x',
              exp: Math.floor(Date.now() / 1000) + 600,
            },
          }),
        ).toString('base64url')}.`,
      'invalid token',
    ],
    [
      'for another audience',
      () => jwt.sign(claims, SECRET, { ...signOptions, audience: 'other', expiresIn: 600 }),
      'invalid token',
    ],
    ['without an expiry', () => jwt.sign(claims, SECRET, signOptions), 'invalid token'],
    [
      'with an unknown role',
      () => jwt.sign({ role: 'admin' }, SECRET, { ...signOptions, expiresIn: 600 }),
      'invalid token',
    ],
  ])('refuses a token that is %s with a clear error and no data', async (_label, make, message) => {
    const res = await gql(t.app, VERIFY, { token: make() });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toBe(message);
    expect(res.errors).toHaveLength(1);
    expect(res.data ?? null).toBeNull();
  });

  it('refuses a purpose the role may not use (header or claim)', async () => {
    const token = tokenFor(t.app, { role: 'data_steward' });
    const res = await gql(t.app, VERIFY, { token, headers: { 'x-purpose': 'direct_care' } });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toBe('purpose not permitted for role data_steward');
  });

  it('refuses a role the resolver does not name', async () => {
    const res = await gql(t.app, VERIFY, {
      token: tokenFor(t.app, { role: 'social_worker', team: 'north' }),
    });
    expect(errorCode(res)).toBe('FORBIDDEN');
  });

  it('serves the public liveness query without a token', async () => {
    const res = await gql(t.app, '{ serviceStatus { status } }');
    expect(res.data).toEqual({ serviceStatus: { status: 'ok' } });
  });

  it('refuses over-deep and over-long queries before running them', async () => {
    const token = tokenFor(t.app, { role: 'data_steward' });
    const long = `{ serviceStatus { status } } ${'#'.repeat(25_000)}`;
    const res = await gql(t.app, long, { token });
    expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('authentication against a JWKS (RS256, as a council Entra ID tenant)', () => {
  let t: TestApp;
  let jwks: Server;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const port = (jwks.address() as AddressInfo).port;
    t = await createTestApp({
      JWT_JWKS_URI: `http://127.0.0.1:${port}/keys`,
      JWT_ISSUER: 'https://login.example/tenant/v2.0',
      JWT_AUDIENCE: 'api://childlink',
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const entra = {
    issuer: 'https://login.example/tenant/v2.0',
    audience: 'api://childlink',
    subject: 'oid-123',
    expiresIn: 600,
  };

  it('accepts an RS256 token signed by a key in the JWKS, with Entra-style app roles', async () => {
    const token = jwt.sign({ roles: ['data_steward'], purpose: 'data_management' }, privateKey, {
      ...entra,
      algorithm: 'RS256',
      keyid: 'key-1',
    });
    const res = await gql(t.app, VERIFY, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ auditVerification: { ok: true, rows: 0 } });
  });

  it('refuses an RS256 token signed by a key not in the JWKS', async () => {
    const token = jwt.sign({ roles: ['data_steward'], purpose: 'data_management' }, other.privateKey, {
      ...entra,
      algorithm: 'RS256',
      keyid: 'key-1',
    });
    const res = await gql(t.app, VERIFY, { token });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toBe('invalid token');
  });

  it('refuses an HS256 token forged with the public key as the secret (algorithm confusion)', async () => {
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const token = jwt.sign({ roles: ['data_steward'], purpose: 'data_management' }, pem, {
      ...entra,
      algorithm: 'HS256',
    });
    const res = await gql(t.app, VERIFY, { token });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });
});

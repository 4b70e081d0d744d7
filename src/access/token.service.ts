import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ROLE_PURPOSES, isPurpose, isRole, type AuthContext, type Purpose, type Role } from './auth-context';
import { localSigningSecret } from './dev-secret';
import { JwksKeyStore } from './jwks-key-store';

/** Raised for any token problem; its message is all the caller is told. */
export class AuthenticationError extends Error {
  constructor(message = 'authentication required') {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export interface MintOptions {
  role: Role;
  subject?: string;
  team?: string;
  purpose?: Purpose;
  organisation?: string;
  expiresInSeconds?: number;
}

// Asymmetric algorithms accepted from a council's identity provider via JWKS. HS256 is accepted
// only with the local secret, so a public key can never be replayed as an HMAC secret.
const JWKS_ALGORITHMS: jwt.Algorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256'];

/**
 * Verifies bearer tokens — HS256 with the local secret, or RS256 (etc.) against the JWKS of the
 * council's Entra ID / OIDC provider — and mints local ones. `alg: none`, unknown algorithms,
 * wrong issuer/audience, missing expiry and unknown roles are all refused.
 */
@Injectable()
export class TokenService {
  private readonly secret: string | undefined;
  /** The secret as a KeyObject made once: given a string, jsonwebtoken rebuilds a key per call. */
  private readonly secretKey: KeyObject | undefined;
  private readonly jwks: JwksKeyStore | undefined;
  /**
   * Tokens already verified, until they expire (clients reuse a token for every request). Only
   * the signature/claims check is skipped; the purpose is checked on every request.
   */
  private readonly verified = new Map<string, jwt.JwtPayload>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.secret = localSigningSecret(config);
    this.secretKey = this.secret ? createSecretKey(Buffer.from(this.secret, 'utf8')) : undefined;
    this.jwks = config.jwt.jwksUri ? new JwksKeyStore(config.jwt.jwksUri) : undefined;
  }

  mint(options: MintOptions): string {
    if (!this.secretKey)
      throw new AuthenticationError(
        'token signing is not configured (set JWT_SECRET, or NODE_ENV=development for a local dev key)',
      );
    const purpose = options.purpose ?? ROLE_PURPOSES[options.role][0];
    return jwt.sign(
      {
        role: options.role,
        purpose,
        ...(options.team ? { team: options.team } : {}),
        ...(options.organisation ? { org: options.organisation } : {}),
      },
      this.secretKey,
      {
        algorithm: 'HS256',
        subject: options.subject ?? `local-${options.role}`,
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
        expiresIn: options.expiresInSeconds ?? 8 * 3600,
      },
    );
  }

  /** Verifies the token and the purpose the request names (header wins over the token's claim). */
  async verify(token: string, requestedPurpose?: string): Promise<AuthContext> {
    const claims = await this.cachedClaims(token);
    const role = roleOf(claims);
    if (!role || typeof claims.sub !== 'string' || claims.sub === '')
      throw new AuthenticationError('invalid token');
    const purpose: unknown = requestedPurpose ?? claims.purpose;
    if (!isPurpose(purpose) || !ROLE_PURPOSES[role].includes(purpose)) {
      throw new AuthenticationError(`purpose not permitted for role ${role}`);
    }
    return {
      subject: claims.sub,
      role,
      purpose,
      ...(typeof claims.team === 'string' && claims.team ? { team: claims.team } : {}),
      ...(typeof claims.org === 'string' && claims.org ? { organisation: claims.org } : {}),
    };
  }

  private async cachedClaims(token: string): Promise<jwt.JwtPayload> {
    const cached = this.verified.get(token);
    if (cached && typeof cached.exp === 'number' && cached.exp * 1000 > Date.now()) return cached;
    if (cached) this.verified.delete(token);
    const claims = await this.verifiedClaims(token);
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private async verifiedClaims(token: string): Promise<jwt.JwtPayload> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new AuthenticationError('invalid token');
    const alg = decoded.header.alg;
    let key: string | KeyObject;
    let algorithms: jwt.Algorithm[];
    if (alg === 'HS256' && this.secretKey) {
      key = this.secretKey;
      algorithms = ['HS256'];
    } else if (this.jwks && (JWKS_ALGORITHMS as string[]).includes(alg)) {
      let found: KeyObject | undefined;
      try {
        found = await this.jwks.key(decoded.header.kid);
      } catch {
        throw new AuthenticationError('token verification is unavailable');
      }
      if (!found) throw new AuthenticationError('invalid token');
      key = found;
      algorithms = JWKS_ALGORITHMS;
    } else if (!this.secretKey && !this.jwks) {
      throw new AuthenticationError('token verification is not configured');
    } else {
      throw new AuthenticationError('invalid token');
    }
    try {
      const verified = jwt.verify(token, key, {
        algorithms,
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
      });
      if (typeof verified === 'string' || typeof verified.exp !== 'number')
        throw new AuthenticationError('invalid token');
      return verified;
    } catch (error) {
      throw new AuthenticationError(
        error instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token',
      );
    }
  }
}

/** `role` (local tokens) or the first recognised entry of `roles` (Entra ID app roles). */
function roleOf(claims: jwt.JwtPayload): Role | undefined {
  const single: unknown = claims.role;
  if (isRole(single)) return single;
  const many: unknown = claims.roles;
  if (Array.isArray(many)) return many.find((value: unknown): value is Role => isRole(value));
  return undefined;
}

import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ROLE_PURPOSES, isPurpose, isRole, type AuthContext, type Purpose, type Role } from './auth-context';

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

/**
 * Verifies bearer tokens (HS256 with the local secret) and mints local ones. Only the listed
 * algorithms are accepted, so `alg: none` and algorithm-confusion tokens fail verification.
 */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private secret(): string {
    const secret = this.config.jwt.secret;
    if (!secret) throw new AuthenticationError('token verification is not configured');
    return secret;
  }

  mint(options: MintOptions): string {
    const purpose = options.purpose ?? ROLE_PURPOSES[options.role][0];
    return jwt.sign(
      {
        role: options.role,
        purpose,
        ...(options.team ? { team: options.team } : {}),
        ...(options.organisation ? { org: options.organisation } : {}),
      },
      this.secret(),
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
  verify(token: string, requestedPurpose?: string): AuthContext {
    let claims: jwt.JwtPayload;
    try {
      const decoded = jwt.verify(token, this.secret(), {
        algorithms: ['HS256'],
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
      });
      if (typeof decoded === 'string') throw new Error('not a JSON token');
      claims = decoded;
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw new AuthenticationError(expired ? 'token expired' : 'invalid token');
    }
    const role: unknown = claims.role;
    if (!isRole(role) || typeof claims.sub !== 'string') throw new AuthenticationError('invalid token');
    const purpose: unknown = requestedPurpose ?? claims.purpose;
    if (!isPurpose(purpose) || !ROLE_PURPOSES[role].includes(purpose)) {
      throw new AuthenticationError(`purpose not permitted for role ${role}`);
    }
    return {
      subject: claims.sub,
      role,
      purpose,
      ...(typeof claims.team === 'string' ? { team: claims.team } : {}),
      ...(typeof claims.org === 'string' ? { organisation: claims.org } : {}),
    };
  }
}

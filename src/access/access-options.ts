import type { Purpose } from './auth-context';

/**
 * Access settings beyond the shared AppConfig, read once at boot from the environment. Numbers
 * here are operational defaults, each overridable; none is a legal threshold (those live in
 * disclosure/suppression.ts with their source).
 */
export interface SharingAgreement {
  /** Recipient organisation code as carried in the token's `org` claim. */
  organisation: string;
  /** Purposes under which pseudonymised person rows may be shared with it (consent still applies). */
  purposes: Purpose[];
}

export interface AccessOptions {
  rateLimit: { perSecond: number; burst: number };
  maxQueryDepth: number;
  maxQueryComplexity: number;
  /** Longest query document accepted, in characters (request bodies are limited separately). */
  maxQueryLength: number;
  /** Data sharing agreements with partners (ACCESS_SHARING_AGREEMENTS='ORG:purpose+purpose,ORG2:purpose'). */
  sharingAgreements: SharingAgreement[];
}

export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`Invalid configuration: ${name} must be a positive number`);
  return value;
}

export function parseSharingAgreements(raw: string | undefined): SharingAgreement[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [organisation, purposes] = part.split(':');
      if (!organisation || !purposes)
        throw new Error('Invalid configuration: ACCESS_SHARING_AGREEMENTS entries are ORG:purpose+purpose');
      return { organisation, purposes: purposes.split('+') as Purpose[] };
    });
}

export function loadAccessOptions(env: NodeJS.ProcessEnv = process.env): AccessOptions {
  return {
    rateLimit: {
      perSecond: positive(env, 'ACCESS_RATE_LIMIT_PER_SECOND', 50),
      burst: positive(env, 'ACCESS_RATE_LIMIT_BURST', 200),
    },
    maxQueryDepth: positive(env, 'ACCESS_MAX_QUERY_DEPTH', 8),
    maxQueryComplexity: positive(env, 'ACCESS_MAX_QUERY_COMPLEXITY', 1000),
    maxQueryLength: positive(env, 'ACCESS_MAX_QUERY_LENGTH', 20_000),
    sharingAgreements: parseSharingAgreements(env.ACCESS_SHARING_AGREEMENTS),
  };
}

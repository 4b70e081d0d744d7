import { resolve } from 'node:path';

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Settings read once at boot and validated; a bad value stops the process with a message naming
 * the variable. Secrets are marked so they are never printed.
 */
export interface AppConfig {
  /** postgres://… ; when absent an embedded PostgreSQL is started in `${dataDir}/postgres`. */
  databaseUrl: string | undefined;
  port: number;
  logLevel: LogLevel;
  dataDir: string;
  /** Number of synthetic children loaded as demo data when the database is empty (0 = none). */
  demoChildren: number;
  jwt: {
    issuer: string;
    audience: string;
    /** HS256 shared secret for locally minted tokens (sensitive). */
    secret: string | undefined;
    /** JWKS URL of a council's identity provider (Entra ID / OIDC), for RS256 tokens. */
    jwksUri: string | undefined;
  };
  /** Key for pseudonymous ids (sensitive). */
  pseudonymKey: string | undefined;
  /** HMAC key for the access audit's hash chain, held outside the database (sensitive). */
  auditKey: string | undefined;
  /** How the app runs: see NODE_ENVS. */
  nodeEnv: NodeEnv;
}

/**
 * NODE_ENV as the app understands it. Development conveniences — keys invented in DATA_DIR, GraphQL
 * introspection — must be asked for by name: unset, misspelt or any other value is production, so
 * a deployment that forgets the variable fails closed (no token accepted without JWT_SECRET or a
 * JWKS, no start without AUDIT_KEY) instead of minting its own keys. `npm start` and `npm run cli`
 * set development themselves (package.json); test is what Jest sets (dev keys, no introspection).
 */
export const NODE_ENVS = ['production', 'development', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

function nodeEnv(raw: string | undefined): NodeEnv {
  return NODE_ENVS.find((value) => value === raw) ?? 'production';
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const logLevel = (env.LOG_LEVEL || 'log') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const jwksUri = env.JWT_JWKS_URI || undefined;
  if (jwksUri !== undefined && !/^https?:\/\//.test(jwksUri)) {
    throw new ConfigError('JWT_JWKS_URI', 'must be an http(s) URL');
  }
  return {
    databaseUrl,
    port: int(env, 'PORT', 3000, 0, 65535),
    logLevel,
    dataDir: resolve(env.DATA_DIR || '.data'),
    demoChildren: int(env, 'DEMO_CHILDREN', 2000, 0, 1_000_000),
    jwt: {
      issuer: env.JWT_ISSUER || 'childlink-local',
      audience: env.JWT_AUDIENCE || 'childlink',
      secret: env.JWT_SECRET || undefined,
      jwksUri,
    },
    pseudonymKey: env.PSEUDONYM_KEY || undefined,
    auditKey: env.AUDIT_KEY || undefined,
    nodeEnv: nodeEnv(env.NODE_ENV),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

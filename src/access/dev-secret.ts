import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

/**
 * A development key kept in DATA_DIR/<fileName>: created once at random (mode 0600, exclusive
 * create so two processes starting together agree), then reused so restarts and CLI commands
 * see the same key. Callers decide when a dev key is allowed at all (never in production).
 */
export function devKeyFile(dataDir: string, fileName: string): string {
  const file = join(dataDir, fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    // Another process created it first: use theirs.
    return readFileSync(file, 'utf8').trim();
  }
}

/**
 * The HS256 key for local tokens. JWT_SECRET wins; in development with none set, a random key is
 * created once under DATA_DIR (mode 0600) so `npm start` and `childlink token` agree out of the
 * box. Production never invents a key: without JWT_SECRET (or a JWKS URL) every token is refused.
 *
 * A JWKS URL means a council deployment with its own identity provider, whatever NODE_ENV says
 * (even development): then no dev key is created, and one left in DATA_DIR from an earlier run is
 * not read — otherwise anyone who could read DATA_DIR could mint a data steward's token.
 */
export function localSigningSecret(config: AppConfig): string | undefined {
  if (config.jwt.secret) return config.jwt.secret;
  if (config.nodeEnv === 'production' || config.jwt.jwksUri !== undefined) return undefined;
  return devKeyFile(config.dataDir, 'jwt-dev-secret');
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

/**
 * The HS256 key for local tokens. JWT_SECRET wins; in development with none set, a random key is
 * created once under DATA_DIR (mode 0600) so `npm start` and `childlink token` agree out of the
 * box. Production never invents a key: without JWT_SECRET (or a JWKS URL) every token is refused.
 *
 * A JWKS URL means a council deployment with its own identity provider, whatever NODE_ENV says
 * (unset means development): then no dev key is created, and one left in DATA_DIR from an earlier
 * run is not read — otherwise anyone who could read DATA_DIR could mint a data steward's token.
 */
export function localSigningSecret(config: AppConfig): string | undefined {
  if (config.jwt.secret) return config.jwt.secret;
  if (config.nodeEnv === 'production' || config.jwt.jwksUri !== undefined) return undefined;
  const file = join(config.dataDir, 'jwt-dev-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // Another process created it first: use theirs.
    return readFileSync(file, 'utf8').trim();
  }
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';

/**
 * PSEUDONYM_KEY wins; in development a random key is kept under DATA_DIR so pseudonyms stay stable
 * across restarts. Production without a key serves no pseudonymised rows at all.
 */
export function pseudonymKey(config: AppConfig): string | undefined {
  if (config.pseudonymKey) return config.pseudonymKey;
  if (config.nodeEnv === 'production') return undefined;
  const file = join(config.dataDir, 'pseudonym-dev-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}

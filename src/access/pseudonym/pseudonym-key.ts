import type { AppConfig } from '../../config/app-config';
import { devKeyFile } from '../dev-secret';

/**
 * PSEUDONYM_KEY wins; in development a random key is kept under DATA_DIR so pseudonyms stay stable
 * across restarts. Production without a key serves no pseudonymised rows at all.
 */
export function pseudonymKey(config: AppConfig): string | undefined {
  if (config.pseudonymKey) return config.pseudonymKey;
  if (config.nodeEnv === 'production') return undefined;
  return devKeyFile(config.dataDir, 'pseudonym-dev-key');
}

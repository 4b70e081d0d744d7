import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Opaque page cursors for pseudonymised lists: the person id a page ends at, encrypted
 * (AES-256-GCM) so a cursor cannot be read back into an identity or forged.
 */
export class CursorCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`cursor\u0000${secret}`).digest();
  }

  seal(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The sealed value, or undefined for anything not sealed by this key. */
  open(cursor: string): string | undefined {
    try {
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length < 29) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

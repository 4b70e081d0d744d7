import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth-context';
import { recipientFor } from '../consent/consent.service';
import { AccessErrorCode, AccessException } from '../access.exception';
import { pseudonymFor } from './pseudonymiser';
import { CursorCipher } from './cursor-cipher';

export const PSEUDONYM_KEY = Symbol('PSEUDONYM_KEY');

/** Pseudonymous ids for a caller: keyed per recipient, so two recipients cannot join their rows. */
@Injectable()
export class PseudonymService {
  private readonly cipher: CursorCipher | undefined;

  constructor(@Inject(PSEUDONYM_KEY) private readonly key: string | null) {
    this.cipher = key ? new CursorCipher(key) : undefined;
  }

  private requireKey(): string {
    if (!this.key)
      throw new AccessException(
        AccessErrorCode.Forbidden,
        'pseudonymisation is not configured (set PSEUDONYM_KEY)',
      );
    return this.key;
  }

  forCaller(auth: AuthContext): (personId: string) => string {
    const key = this.requireKey();
    const recipient = recipientFor(auth);
    return (personId) => pseudonymFor(key, recipient, personId);
  }

  cursors(): CursorCipher {
    this.requireKey();
    return this.cipher as CursorCipher;
  }
}

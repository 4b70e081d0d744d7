import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth-context';
import { recipientFor } from '../consent/consent.service';
import { AccessErrorCode, AccessException } from '../access.exception';
import { pseudonymFor } from './pseudonymiser';

export const PSEUDONYM_KEY = Symbol('PSEUDONYM_KEY');

/** Pseudonymous ids for a caller: keyed per recipient, so two recipients cannot join their rows. */
@Injectable()
export class PseudonymService {
  constructor(@Inject(PSEUDONYM_KEY) private readonly key: string | null) {}

  forCaller(auth: AuthContext): (personId: string) => string {
    const key = this.key;
    if (!key) throw new AccessException(AccessErrorCode.Forbidden, 'pseudonymisation is not configured (set PSEUDONYM_KEY)');
    const recipient = recipientFor(auth);
    return (personId) => pseudonymFor(key, recipient, personId);
  }
}

/**
 * Synthetic identifiers. Check digits come from the linkage core's validators (one definition of
 * each rule in the codebase); this file only decides which numbers to issue and how to mistype them.
 */
import { isValidNhsNumber, isValidUpn, nhsCheckDigit, upnCheckLetter, UPN_CHECK_ALPHABET } from '../linkage/standardise';
import type { Prng } from './prng';

/**
 * A bijection on [0, modulus): spreads sequential counters over the id space so ids look issued,
 * not counted, and never collide. An invertible mix on the smallest power of two covering the
 * modulus (odd multiplications and xor-shifts, each a bijection), cycle-walked back into range.
 */
export function scramble(index: number, modulus: number, key: number): number {
  const bits = Math.ceil(Math.log2(modulus));
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const shift = Math.max(1, bits >>> 1);
  let x = index % modulus;
  do {
    x = (Math.imul(x, 0x2c1b3c6d | 1) + key) & mask;
    x ^= x >>> shift;
    x = Math.imul(x, 0x297a2d39 | 1) & mask;
    x ^= x >>> shift;
    x >>>= 0;
  } while (x >= modulus);
  return x;
}

export function padded(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** NHS numbers in the never-issued 999 range; the counter makes each one unique. */
export class NhsNumberIssuer {
  private next = 0;

  issue(): string {
    // 10^6 bodies, ~1/11 with no valid check digit: room for ~900,000 numbers.
    for (;;) {
      if (this.next >= 1_000_000) throw new Error('the synthetic NHS number range (999…) is exhausted');
      const body = `999${padded(scramble(this.next++, 1_000_000, 91_351), 6)}`;
      const check = nhsCheckDigit(body);
      if (check === null) continue;
      const nhs = `${body}${check}`;
      if (isValidNhsNumber(nhs)) return nhs;
    }
  }
}

/** Permanent UPNs: LA number, establishment, two-digit year of issue, serial; check letter first. */
export class UpnIssuer {
  private next = 0;

  constructor(private readonly laNumber: string) {}

  issue(yearOfIssue: number, laNumber = this.laNumber): string {
    const n = this.next++;
    const establishment = 2000 + (Math.floor(n / 1000) % 8000);
    const body = `${laNumber}${padded(establishment, 4)}${padded(yearOfIssue % 100, 2)}${padded(n % 1000, 3)}`;
    return `${upnCheckLetter(body) ?? 'A'}${body}`;
  }

  /** A temporary UPN: the last serial digit replaced by a letter (issued while the permanent one is unknown). */
  issueTemporary(rng: Prng, yearOfIssue: number): string {
    const permanent = this.issue(yearOfIssue);
    const body = `${permanent.slice(1, 12)}${UPN_CHECK_ALPHABET.charAt(rng.int(0, UPN_CHECK_ALPHABET.length - 1))}`;
    return `${upnCheckLetter(body) ?? 'A'}${body}`;
  }
}

/** One keying slip: a digit replaced or two neighbours transposed, chosen so the check fails. */
function slip(rng: Prng, text: string, positions: readonly number[], stillValid: (t: string) => boolean): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const i = rng.pick(positions);
    let typed: string;
    if (rng.chance(0.3) && positions.includes(i + 1) && text.charAt(i) !== text.charAt(i + 1)) {
      typed = text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2);
    } else {
      const digit = String((Number(text.charAt(i)) + rng.int(1, 9)) % 10);
      typed = text.slice(0, i) + digit + text.slice(i + 1);
    }
    if (!stillValid(typed)) return typed;
  }
  // Modulus 11 catches every single substitution; reaching here means the text had no digits.
  throw new Error('could not mistype an identifier');
}

const NHS_POSITIONS = [3, 4, 5, 6, 7, 8, 9];
const UPN_DIGIT_POSITIONS = [4, 5, 6, 7, 8, 9, 10, 11];

export function mistypeNhsNumber(rng: Prng, nhs: string): string {
  return slip(rng, nhs, NHS_POSITIONS, isValidNhsNumber);
}

export function mistypeUpn(rng: Prng, upn: string): string {
  return slip(rng, upn, UPN_DIGIT_POSITIONS, isValidUpn);
}

/** NHS numbers are often keyed with spaces in 3-3-4 groups; the standardiser removes them. */
export function spacedNhsNumber(nhs: string): string {
  return `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
}

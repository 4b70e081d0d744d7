/**
 * Unique Pupil Numbers (DfE, "Unique pupil numbers (UPNs)"): 13 characters. Character 1 is the
 * check letter; characters 2–4 the LA number, 5–8 the DfE establishment number, 9–10 the year of
 * issue, 11–13 a serial. A temporary UPN ends in a letter instead of the last serial digit.
 * Check letter: sum of character value × position (weights 2..13 over characters 2–13),
 * mod 23, indexed into ABCDEFGHJKLMNPQRTUVWXYZ; a letter in position 13 takes its index there.
 */

export const UPN_CHECK_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Characters 2–13 are 11 digits then a digit or (temporary UPN) a check-alphabet letter. */
const UPN_SHAPE = /^[ABCDEFGHJKLMNPQRTUVWXYZ]\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/;

/** The check letter for characters 2–13 (12 characters), or null when they are malformed. */
export function upnCheckLetter(body: string): string | null {
  if (!/^\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const char = body.charAt(i);
    const value = /\d/.test(char) ? Number(char) : UPN_CHECK_ALPHABET.indexOf(char);
    sum += value * (i + 2);
  }
  return UPN_CHECK_ALPHABET.charAt(sum % 23);
}

/** Uppercased, spaces removed, check letter verified; otherwise null (never used for matching). */
export function normaliseUpn(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const upn = text.replace(/\s/g, '').toUpperCase();
  if (!UPN_SHAPE.test(upn)) return null;
  return upnCheckLetter(upn.slice(1)) === upn.charAt(0) ? upn : null;
}

export function isValidUpn(text: string | null | undefined): boolean {
  return normaliseUpn(text) !== null;
}

/** A temporary UPN (issued when the permanent one is not yet known) ends in a letter. */
export function isTemporaryUpn(text: string | null | undefined): boolean {
  const upn = normaliseUpn(text);
  return upn !== null && /[A-Z]$/.test(upn);
}

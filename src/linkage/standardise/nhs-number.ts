/**
 * NHS numbers: ten digits, the tenth a modulus-11 check digit over the first nine weighted
 * 10..2 (NHS Data Dictionary, "NHS Number"). A remainder giving check 10 means the number is
 * never issued. Numbers of one repeated digit pass the arithmetic but are placeholders that
 * systems key for "unknown", so they are treated as invalid evidence.
 */

/** Digits only, or null when the text is not ten digits once spaces and hyphens are removed. */
function digitsOf(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** The expected check digit for the first nine digits, or null when none can be valid. */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine.charAt(i)) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

export function isValidNhsNumber(text: string | null | undefined): boolean {
  return normaliseNhsNumber(text) !== null;
}

/** "943 476 5919" → "9434765919"; invalid, blank or placeholder → null (never used for matching). */
export function normaliseNhsNumber(text: string | null | undefined): string | null {
  const digits = digitsOf(text);
  if (!digits) return null;
  if (/^(\d)\1{9}$/.test(digits)) return null;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits.charAt(9)) ? digits : null;
}

/** The 999 range is never issued to patients: test and synthetic data use it. */
export function isSyntheticNhsNumber(text: string | null | undefined): boolean {
  const digits = normaliseNhsNumber(text);
  return digits !== null && digits.startsWith('999');
}

import { createHmac } from 'node:crypto';

/**
 * Keyed pseudonyms (HMAC-SHA256 under the council's PSEUDONYM_KEY): the same child gets the same
 * id for the same recipient every time, different recipients get unlinkable ids, and without the
 * key an id cannot be reversed or recomputed from an NHS number or name by brute force.
 */
export function pseudonymFor(key: string, recipient: string, personId: string): string {
  return createHmac('sha256', key)
    .update(`${recipient.toLowerCase()}\u0000${personId}`)
    .digest('base64url')
    .slice(0, 22);
}

/** 2014-05-17 → 2014-05: enough for age in months, not a birthday. */
export function birthMonth(dob: string | null): string | null {
  return dob && /^\d{4}-\d{2}/.test(dob) ? dob.slice(0, 7) : null;
}

/**
 * Postcode sector (outward code + first character of the inward code): "SW1A 1AA" → "SW1A 1".
 * About 3,000 addresses per sector on average (ONS), coarse enough for pseudonymised rows.
 */
export function postcodeSector(postcode: string | null): string | null {
  if (!postcode) return null;
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  if (!/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3, -2)}`;
}

/** Postcode district (outward code): "SW1A 1AA" → "SW1A"; the geography of ICB cohort tables. */
export function postcodeDistrict(postcode: string | null): string | null {
  if (!postcode) return null;
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  if (!/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact)) return null;
  return compact.slice(0, -3);
}

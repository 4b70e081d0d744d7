/**
 * UK postcodes (BS7666). Normalised form is uppercase with one space before the inward code:
 * "AB1 2CD". Parts, from most to least specific: unit "SW1A 1AA", sector "SW1A 1",
 * district "SW1A", area "SW".
 */

/**
 * The BS7666 shape, as in the gov.uk Bulk Data Transfer schema: area letters exclude Q, V, X in
 * first place and I, J, Z in second; inward letters exclude C, I, K, M, O, V. GIR 0AA is Girobank.
 */
const POSTCODE = /^(GIR 0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) [0-9][ABD-HJLNP-UW-Z]{2})$/;

export interface PostcodeParts {
  unit: string;
  sector: string;
  district: string;
  area: string;
}

/** "sw1a1aa", " SW1A  1AA " → "SW1A 1AA"; anything not matching BS7666 → null. */
export function normalisePostcode(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (compact.length < 5 || compact.length > 7) return null;
  const formatted = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return POSTCODE.test(formatted) ? formatted : null;
}

export function isValidPostcode(text: string | null | undefined): boolean {
  return normalisePostcode(text) !== null;
}

/** The unit/sector/district/area of a postcode, or null when it is not a valid postcode. */
export function postcodeParts(text: string | null | undefined): PostcodeParts | null {
  const unit = normalisePostcode(text);
  if (!unit) return null;
  const [district = '', inward = ''] = unit.split(' ');
  return {
    unit,
    sector: `${district} ${inward.charAt(0)}`,
    district,
    area: /^[A-Z]+/.exec(district)?.[0] ?? '',
  };
}

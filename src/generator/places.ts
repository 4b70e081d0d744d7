/**
 * The made-up county of Wexmoor: postcode areas WX, NX and SX (not real areas, but every unit
 * matches the BS7666 pattern), streets and fictional place names. Out-of-county placements use
 * areas YX and ZX, equally unreal.
 */
import type { Prng } from './prng';
import { STREETS } from './name-data';
import type { Address } from './model';

/** Inward-code letters allowed by BS7666 (no C, I, K, M, O, V). */
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** [area, districts]: a county of 29 districts. */
const COUNTY_DISTRICTS: ReadonlyArray<readonly [string, number]> = [
  ['WX', 12],
  ['NX', 8],
  ['SX', 9],
];
const OUT_OF_COUNTY: ReadonlyArray<readonly [string, number]> = [
  ['YX', 20],
  ['ZX', 15],
];

/** Each district uses six of its ten sectors, so neighbouring families share sectors. */
const SECTORS_PER_DISTRICT = 6;

function postcodeIn(rng: Prng, areas: ReadonlyArray<readonly [string, number]>): string {
  const [area, districts] = rng.pick(areas);
  const district = rng.int(1, districts);
  const sector = (district * 7 + rng.int(0, SECTORS_PER_DISTRICT - 1)) % 10;
  return `${area}${district} ${sector}${UNIT_LETTERS.charAt(rng.int(0, 19))}${UNIT_LETTERS.charAt(rng.int(0, 19))}`;
}

export function countyPostcode(rng: Prng): string {
  return postcodeIn(rng, COUNTY_DISTRICTS);
}

export function outOfCountyPostcode(rng: Prng): string {
  return postcodeIn(rng, OUT_OF_COUNTY);
}

export function countyAddress(rng: Prng): Address {
  const street = rng.pick(STREETS);
  const number = rng.chance(0.06) ? `Flat ${rng.int(1, 12)}, ${rng.int(1, 80)}` : String(rng.int(1, 180));
  return { postcode: countyPostcode(rng), line1: `${number} ${street}` };
}

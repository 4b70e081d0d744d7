/**
 * Who provides placements, what each kind of placement costs a week, and the SSDA903 PLACE codes
 * the generator uses. Codes and groups come from the placements module's table (one source); the
 * weekly bands below are the generator's, chosen to sit inside the placements module's usual bands
 * (src/placements/cost-bands.ts, which cites its sources) with a realistic tail.
 */
import { COUNCIL } from './generator-config';
import { PLACES } from './name-data';
import { countyPostcode, outOfCountyPostcode } from './places';
import { padded } from './identifiers';
import { Prng, WeightedPicker } from './prng';

export type ProviderKind =
  | 'in-house-foster-carer'
  | 'connected-person-carer'
  | 'fostering-agency'
  | 'childrens-home'
  | 'council-childrens-home'
  | 'supported-accommodation'
  | 'secure-home'
  | 'residential-school'
  | 'adoption-agency';

export interface Provider {
  id: string;
  name: string;
  kind: ProviderKind;
  postcode: string;
  /** The provider's usual weekly price; each placement varies around it. */
  weeklyRate: number;
}

/**
 * Weekly price per provider kind, £: median and log-normal spread (sigma). Bands from issue 5 and
 * the placements module's sources: in-house fostering a few hundred pounds, agency fostering about
 * £800–1,100, children's homes £4,000–7,000 with a tail above £10,000, secure more.
 */
export const WEEKLY_PRICE: Readonly<Record<ProviderKind, { median: number; sigma: number; min: number; max: number }>> = {
  'in-house-foster-carer': { median: 340, sigma: 0.18, min: 200, max: 600 },
  'connected-person-carer': { median: 290, sigma: 0.15, min: 180, max: 500 },
  'fostering-agency': { median: 930, sigma: 0.08, min: 780, max: 1150 },
  'childrens-home': { median: 5400, sigma: 0.28, min: 3800, max: 15000 },
  'council-childrens-home': { median: 4600, sigma: 0.15, min: 3600, max: 7000 },
  'supported-accommodation': { median: 1300, sigma: 0.35, min: 550, max: 2500 },
  'secure-home': { median: 8500, sigma: 0.18, min: 6500, max: 12000 },
  'residential-school': { median: 4200, sigma: 0.2, min: 3000, max: 6500 },
  'adoption-agency': { median: 0, sigma: 0, min: 0, max: 0 },
};

/** April uplift of weekly rates per kind (fostering allowances rose 3–7% a year 2023–2025). */
export const APRIL_UPLIFT: Readonly<Record<ProviderKind, number>> = {
  'in-house-foster-carer': 0.05,
  'connected-person-carer': 0.05,
  'fostering-agency': 0.03,
  'childrens-home': 0.04,
  'council-childrens-home': 0.035,
  'supported-accommodation': 0.03,
  'secure-home': 0.04,
  'residential-school': 0.035,
  'adoption-agency': 0,
};

/** Ledger cost codes the council's finance system books each kind to. */
export const COST_CODE: Readonly<Record<ProviderKind, string>> = {
  'in-house-foster-carer': 'R4410',
  'connected-person-carer': 'R4415',
  'fostering-agency': 'R4420',
  'childrens-home': 'R4430',
  'council-childrens-home': 'R4435',
  'supported-accommodation': 'R4440',
  'secure-home': 'R4450',
  'residential-school': 'R4460',
  'adoption-agency': 'R4470',
};

const COMPANY_WORDS = `Acorn Beacon Bluebell Cornerstone Evergreen Harbour Keystone Lighthouse Meadowbank Northstar Pathway
Riverside Summit Thistle Willowbrook Wren Hollybank Larkspur Oakleaf Silverbirch`.split(/\s+/);

/** The council's providers, generated from the seed alone (so they do not depend on the child count). */
export class ProviderCatalogue {
  readonly byKind = new Map<ProviderKind, Provider[]>();

  constructor(seed: string | number, children: number) {
    const rng = new Prng(`${seed}:providers`);
    const add = (kind: ProviderKind, id: string, name: string, postcode: string): void => {
      const price = WEEKLY_PRICE[kind];
      const weeklyRate = Math.min(price.max, Math.max(price.min, rng.logNormal(price.median, price.sigma)));
      const list = this.byKind.get(kind) ?? [];
      list.push({ id, name, kind, postcode, weeklyRate });
      this.byKind.set(kind, list);
    };
    // Carers scale with the county; each is a provider in the finance system (paid by carer id).
    // Ids start "LA-" so the placements module classes them as in-house (src/placements/placement-types.ts).
    const carers = Math.max(20, Math.ceil(children * 0.004));
    for (let i = 1; i <= carers; i++) add('in-house-foster-carer', `LA-FC${padded(i, 5)}`, COUNCIL.fosteringServiceName, countyPostcode(rng));
    for (let i = 1; i <= Math.ceil(carers / 3); i++) {
      add('connected-person-carer', `LA-KC${padded(i, 5)}`, `${COUNCIL.fosteringServiceName} (connected persons)`, countyPostcode(rng));
    }
    const words = [...COMPANY_WORDS];
    const company = (): string => words.splice(rng.int(0, words.length - 1), 1)[0] ?? `Provider ${rng.int(100, 999)}`;
    let providerNo = 1001;
    const providerId = (): string => `PRV${providerNo++}`;
    for (let i = 0; i < 10; i++) {
      add('fostering-agency', providerId(), `${company()} ${rng.pick(['Fostering Ltd', 'Family Placements', 'Foster Care Services Ltd'])}`, countyPostcode(rng));
    }
    for (let i = 0; i < 6; i++) {
      const owner = company();
      for (let h = 0; h < 4; h++) {
        const local = rng.chance(0.6);
        add('childrens-home', providerId(), `${owner} Care Ltd - ${rng.pick(PLACES)} ${rng.pick(['House', 'Lodge', 'View', 'Court'])}`, local ? countyPostcode(rng) : outOfCountyPostcode(rng));
      }
    }
    for (let i = 1; i <= 3; i++) {
      add('council-childrens-home', `LA-CH${padded(i, 2)}`, `${COUNCIL.name} - ${rng.pick(PLACES)} House`, countyPostcode(rng));
    }
    for (let i = 0; i < 4; i++) {
      add('supported-accommodation', providerId(), `${company()} Supported Living Ltd`, countyPostcode(rng));
    }
    for (const name of ['Aldermoor', 'Redwater', 'Hartleigh Grange']) {
      add('secure-home', providerId(), `${name} Secure Children's Home`, outOfCountyPostcode(rng));
    }
    for (const name of ['Fernhill', 'Brackenwood', 'St Aidan']) {
      add('residential-school', providerId(), `${name} School`, rng.chance(0.5) ? countyPostcode(rng) : outOfCountyPostcode(rng));
    }
    add('adoption-agency', 'RAA-01', 'Wexmoor and Borders Adoption Partnership', countyPostcode(rng));
  }

  pick(rng: Prng, kind: ProviderKind): Provider {
    const list = this.byKind.get(kind);
    if (!list?.length) throw new Error(`no providers of kind ${kind}`);
    return rng.pick(list);
  }
}

export interface PlacementKindChoice {
  code: string;
  kind: ProviderKind | 'parents' | 'none';
}

/**
 * PLACE codes by age at placement start, as weights. Shape from DfE "Children looked after in
 * England" 2024 (fostering ~68% of placements, 16% children's homes and supported accommodation,
 * ~6% placed with parents, a few % placed for adoption, secure well under 1%).
 */
const UNDER_FIVE: Array<readonly [PlacementKindChoice, number]> = [
  [{ code: 'U6', kind: 'in-house-foster-carer' }, 30],
  [{ code: 'U6', kind: 'fostering-agency' }, 12],
  [{ code: 'U4', kind: 'in-house-foster-carer' }, 10],
  [{ code: 'U5', kind: 'in-house-foster-carer' }, 4],
  [{ code: 'U3', kind: 'connected-person-carer' }, 14],
  [{ code: 'U1', kind: 'connected-person-carer' }, 6],
  [{ code: 'P1', kind: 'parents' }, 8],
  [{ code: 'R3', kind: 'none' }, 2],
];
const FIVE_TO_ELEVEN: Array<readonly [PlacementKindChoice, number]> = [
  [{ code: 'U6', kind: 'in-house-foster-carer' }, 22],
  [{ code: 'U6', kind: 'fostering-agency' }, 18],
  [{ code: 'U4', kind: 'in-house-foster-carer' }, 14],
  [{ code: 'U4', kind: 'fostering-agency' }, 10],
  [{ code: 'U3', kind: 'connected-person-carer' }, 10],
  [{ code: 'U1', kind: 'connected-person-carer' }, 6],
  [{ code: 'K2', kind: 'childrens-home' }, 5],
  [{ code: 'K2', kind: 'council-childrens-home' }, 2],
  [{ code: 'P1', kind: 'parents' }, 6],
  [{ code: 'S1', kind: 'residential-school' }, 1],
];
const TWELVE_TO_FIFTEEN: Array<readonly [PlacementKindChoice, number]> = [
  [{ code: 'U6', kind: 'in-house-foster-carer' }, 14],
  [{ code: 'U6', kind: 'fostering-agency' }, 18],
  [{ code: 'U4', kind: 'in-house-foster-carer' }, 10],
  [{ code: 'U4', kind: 'fostering-agency' }, 10],
  [{ code: 'U3', kind: 'connected-person-carer' }, 7],
  [{ code: 'K2', kind: 'childrens-home' }, 22],
  [{ code: 'K2', kind: 'council-childrens-home' }, 5],
  [{ code: 'K1', kind: 'secure-home' }, 1],
  [{ code: 'P1', kind: 'parents' }, 5],
  [{ code: 'S1', kind: 'residential-school' }, 2],
];
const SIXTEEN_PLUS: Array<readonly [PlacementKindChoice, number]> = [
  [{ code: 'U6', kind: 'in-house-foster-carer' }, 10],
  [{ code: 'U6', kind: 'fostering-agency' }, 12],
  [{ code: 'U4', kind: 'in-house-foster-carer' }, 8],
  [{ code: 'K2', kind: 'childrens-home' }, 16],
  [{ code: 'H5', kind: 'supported-accommodation' }, 22],
  [{ code: 'P2', kind: 'supported-accommodation' }, 10],
  [{ code: 'K1', kind: 'secure-home' }, 1],
  [{ code: 'P1', kind: 'parents' }, 3],
];

const PICKERS = [UNDER_FIVE, FIVE_TO_ELEVEN, TWELVE_TO_FIFTEEN, SIXTEEN_PLUS].map((w) => new WeightedPicker(w));

export function placementKindFor(rng: Prng, ageAtStart: number): PlacementKindChoice {
  const band = ageAtStart < 5 ? 0 : ageAtStart < 12 ? 1 : ageAtStart < 16 ? 2 : 3;
  return (PICKERS[band] as WeightedPicker<PlacementKindChoice>).pick(rng);
}

/** Placed for adoption with a placement order: with the current foster carer (A5) or not (A6). */
export function adoptionPlacement(rng: Prng): PlacementKindChoice {
  return { code: rng.chance(0.3) ? 'A5' : 'A6', kind: 'adoption-agency' };
}

/** SSDA903 REASON_PLACE_CHANGE codes, with rough weights. */
export const REASONS_FOR_CHANGE = new WeightedPicker<string>([
  ['CARPL', 40],
  ['LAREQ', 12],
  ['CREQB', 8],
  ['CREQO', 5],
  ['CLOSE', 6],
  ['STAND', 4],
  ['ALLEG', 3],
  ['APPRR', 2],
  ['PLACE', 8],
  ['OTHER', 12],
]);

/** SSDA903 legal status (LS) codes of children looked after now, with rough weights. */
export const LEGAL_STATUSES = new WeightedPicker<string>([
  ['C2', 55],
  ['V2', 20],
  ['C1', 12],
  ['E1', 6],
  ['L2', 2],
  ['J2', 1],
]);

/**
 * SSDA903 placement type (PLACE) codes, their meanings and the groups finance and analysts compare.
 *
 * Source: Department for Education, "Children looked after by local authorities in England: guide
 * to the SSDA903 collection" (annual guidance, PLACE code list; 2022-23 to 2024-25 editions). The
 * codes say what kind of placement it is, not who provides it: in-house versus agency fostering is
 * the PLACE_PROVIDER distinction (PR1 own provision vs PR4/PR5 private/voluntary), which the
 * canonical feed carries only as the provider itself — see `isInHouseProvider`.
 */
export const PLACEMENT_GROUPS = [
  'fostering_in_house',
  'fostering_agency',
  'childrens_home',
  'supported_accommodation',
  'secure',
  'placed_with_parents',
  'adoption',
  'other',
] as const;
export type PlacementGroup = (typeof PLACEMENT_GROUPS)[number];

/** Where a code falls before the provider is known; fostering is split by provider afterwards. */
type CodeGroup = Exclude<PlacementGroup, 'fostering_in_house' | 'fostering_agency'> | 'fostering';

interface PlacementCode {
  meaning: string;
  group: CodeGroup;
}

export const SSDA903_PLACE_CODES: Readonly<Record<string, PlacementCode>> = {
  A3: { group: 'adoption', meaning: 'Placed for adoption with parental/guardian consent with current foster carer(s)' },
  A4: { group: 'adoption', meaning: 'Placed for adoption with parental/guardian consent not with current foster carer(s)' },
  A5: { group: 'adoption', meaning: 'Placed for adoption with placement order with current foster carer(s)' },
  A6: { group: 'adoption', meaning: 'Placed for adoption with placement order not with current foster carer(s)' },
  H5: { group: 'supported_accommodation', meaning: "Semi-independent living accommodation not subject to children's homes regulations" },
  K1: { group: 'secure', meaning: "Secure children's homes" },
  K2: { group: 'childrens_home', meaning: "Children's homes subject to Children's Homes Regulations" },
  P1: { group: 'placed_with_parents', meaning: 'Placed with own parent(s) or other person(s) with parental responsibility' },
  P2: { group: 'supported_accommodation', meaning: 'Independent living, e.g. flat, lodgings, bedsit, B&B or with friends, with or without formal support' },
  P3: { group: 'other', meaning: 'Residential employment' },
  R1: { group: 'other', meaning: 'Residential care home' },
  R2: { group: 'other', meaning: 'NHS/Health Trust or other establishment providing medical or nursing care' },
  R3: { group: 'other', meaning: 'Family centre or mother and baby unit' },
  R5: { group: 'secure', meaning: 'Young offender institution (YOI)' },
  S1: { group: 'other', meaning: "All residential schools, except where dual-registered as a school and children's home" },
  T0: { group: 'other', meaning: 'All types of temporary move (see T1 to T4)' },
  T1: { group: 'other', meaning: 'Temporary periods in hospital' },
  T2: { group: 'other', meaning: 'Temporary absences of the child on holiday' },
  T3: { group: 'other', meaning: "Temporary accommodation whilst normal foster carer(s) is/are unavailable" },
  T4: { group: 'other', meaning: 'Temporary accommodation of seven days or less, for any reason, not covered by T1 to T3' },
  U1: { group: 'fostering', meaning: 'Foster placement with relative(s) or friend(s) – long term fostering' },
  U2: { group: 'fostering', meaning: 'Foster placement with relative(s) or friend(s) who is/are also an approved adopter(s) – fostering for adoption / concurrent planning' },
  U3: { group: 'fostering', meaning: 'Foster placement with relative(s) or friend(s) – not long term or FFA/concurrent planning' },
  U4: { group: 'fostering', meaning: 'Foster placement with other foster carer(s) – long term fostering' },
  U5: { group: 'fostering', meaning: 'Foster placement with other foster carer(s) who is/are also an approved adopter(s) – fostering for adoption / concurrent planning' },
  U6: { group: 'fostering', meaning: 'Foster placement with other foster carer(s) – not long term or FFA/concurrent planning' },
  Z1: { group: 'other', meaning: 'Other placements (must be listed on a schedule sent to DfE with annual submission)' },
};

/**
 * The council's own fostering service. The finance system and the CSC system both name it, by an
 * id such as `LA…`/`INHOUSE…` or by a name containing "council" or "in-house"; anything else
 * providing a foster placement is an independent fostering agency.
 */
const IN_HOUSE_ID = /^(la|inhouse|in-house|own)[-_\d]/i;
const IN_HOUSE_NAME = /\b(council|in[- ]?house|county fostering|local authority)\b/i;

export function isInHouseProvider(providerId: string | null, providerName: string | null): boolean {
  return (providerId !== null && IN_HOUSE_ID.test(providerId)) || (providerName !== null && IN_HOUSE_NAME.test(providerName));
}

export function placementMeaning(code: string | null): string | null {
  if (code === null) return null;
  return SSDA903_PLACE_CODES[code.trim().toUpperCase()]?.meaning ?? null;
}

export function placementGroup(code: string | null, providerId: string | null, providerName: string | null): PlacementGroup {
  const known = code === null ? undefined : SSDA903_PLACE_CODES[code.trim().toUpperCase()];
  if (!known) return 'other';
  if (known.group === 'fostering') {
    return isInHouseProvider(providerId, providerName) ? 'fostering_in_house' : 'fostering_agency';
  }
  return known.group;
}

/** The same table as SQL `values`, so the refresh classifies set-based without a lookup per row. */
export function placeCodeValuesSql(): string {
  return Object.entries(SSDA903_PLACE_CODES)
    .map(([code, { group }]) => `('${code}', '${group}')`)
    .join(', ');
}

/** In-house patterns as PostgreSQL regular expressions (same meaning as `isInHouseProvider`). */
export const IN_HOUSE_ID_SQL = '^(la|inhouse|in-house|own)[-_0-9]';
export const IN_HOUSE_NAME_SQL = '(^|[^a-z])(council|in[- ]?house|county fostering|local authority)([^a-z]|$)';

/** The feeds whose records are children (DESIGN.md "Canonical feeds"); placements and payments hang off them. */
export const PERSON_FEEDS = ['csc-children', 'education-pupils', 'health-patients'] as const;
export type PersonFeed = (typeof PERSON_FEEDS)[number];

export function isPersonFeed(feed: string): feed is PersonFeed {
  return (PERSON_FEEDS as readonly string[]).includes(feed);
}

/** One source record as the person index sees it: identity fields standardised, payload as read. */
export interface PersonSourceRecord {
  sourceRecordId: string;
  feed: string;
  sourceId: string;
  version: number;
  /** When this version was loaded. */
  loadedAt: Date;
  forename: string | null;
  middleNames: string | null;
  surname: string | null;
  altSurnames: string[] | null;
  dob: string | null;
  sex: string | null;
  postcode: string | null;
  nhsNumber: string | null;
  upn: string | null;
  payload: Record<string, unknown>;
  /**
   * A social-care record of a child before adoption, as the feed standardised it
   * (std.sealed_pre_adoption: legal status ADOPTED after the council mapping's code list, so a
   * council's own code for adoption counts too). Its identity is sealed from every view but a data steward's.
   */
  sealedPreAdoption: boolean;
}

/** The record identity a link and an override are keyed by: stable across versions of the record. */
export interface RecordRef {
  feed: string;
  sourceId: string;
}

export function refKey(ref: RecordRef): string {
  return `${ref.feed}\u0000${ref.sourceId}`;
}

/** Overrides and review items store a pair in one order so the same pair is never stored twice. */
export function orderedPair(a: RecordRef, b: RecordRef): [RecordRef, RecordRef] {
  return a.feed < b.feed || (a.feed === b.feed && a.sourceId < b.sourceId) ? [a, b] : [b, a];
}

import { isValidUpn, normaliseUpn } from '../linkage/standardise';

/**
 * Active person-feed source records as parallel columns (one array per field): a million records
 * stay a few hundred MB instead of a million objects with their own hidden classes.
 */
export interface RecordTable {
  size: number;
  sourceRecordId: string[];
  feed: string[];
  sourceId: string[];
  forename: Array<string | null>;
  middleNames: Array<string | null>;
  surname: Array<string | null>;
  /** Former and preferred surnames (csc former_surname, education preferred_surname). */
  altSurnames: Array<string[] | null>;
  dob: Array<string | null>;
  sex: Array<string | null>;
  postcode: Array<string | null>;
  nhsNumber: Array<string | null>;
  upn: Array<string | null>;
  /** Education's former_upn, validated here because the identity columns carry only the current one. */
  formerUpn: Array<string | null>;
  /** A social-care record of a child before adoption (std.sealed_pre_adoption): never the same person as a post-adoption one. */
  preAdoption: boolean[];
}

export function emptyRecordTable(): RecordTable {
  return {
    size: 0,
    sourceRecordId: [],
    feed: [],
    sourceId: [],
    forename: [],
    middleNames: [],
    surname: [],
    altSurnames: [],
    dob: [],
    sex: [],
    postcode: [],
    nhsNumber: [],
    upn: [],
    formerUpn: [],
    preAdoption: [],
  };
}

/** The select list the loader streams; the order matches `appendRecordRow`. */
export const RECORD_TABLE_COLUMNS = `s.id, s.feed, s.source_id, s.forename, s.middle_names, s.surname,
  array_to_string(s.alt_surnames, '|'), s.dob::text, s.sex, s.postcode, s.nhs_number, s.upn,
  s.payload->>'former_upn', coalesce((s.std->>'sealed_pre_adoption')::boolean, false)::text`;

export function appendRecordRow(table: RecordTable, row: ReadonlyArray<string | null>): void {
  const at = (i: number): string | null => row[i] ?? null;
  table.sourceRecordId.push(at(0) ?? '');
  table.feed.push(at(1) ?? '');
  table.sourceId.push(at(2) ?? '');
  table.forename.push(at(3));
  table.middleNames.push(at(4));
  table.surname.push(at(5));
  const alt = at(6);
  table.altSurnames.push(alt ? alt.split('|').filter((s) => s !== '') : null);
  table.dob.push(at(7));
  table.sex.push(at(8));
  table.postcode.push(at(9));
  table.nhsNumber.push(at(10));
  table.upn.push(at(11));
  const former = normaliseUpn(at(12));
  table.formerUpn.push(former && isValidUpn(former) ? former : null);
  // One definition of sealed: the flag ingest sets (src/feeds, csc-children legal_status ADOPTED
  // after trimming), so linkage, access and views never disagree about a padded or lower-case value.
  table.preAdoption.push(at(13) === 'true');
  table.size++;
}

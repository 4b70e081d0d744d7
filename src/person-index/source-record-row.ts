import type { PersonSourceRecord } from './person-feeds';

/** A source_record row as selected by SOURCE_RECORD_COLUMNS (snake_case, as pg returns it). */
export interface SourceRecordRow {
  id: string;
  feed: string;
  source_id: string;
  version: number;
  created_at: Date;
  forename: string | null;
  middle_names: string | null;
  surname: string | null;
  alt_surnames: string[] | null;
  dob: string | null;
  sex: string | null;
  postcode: string | null;
  nhs_number: string | null;
  upn: string | null;
  payload: Record<string, unknown>;
  sealed: boolean | null;
}

/** The columns of a source record as the person index reads them (alias `s`). */
export const SOURCE_RECORD_COLUMNS = `s.id::text id, s.feed, s.source_id, s.version, s.created_at, s.forename, s.middle_names, s.surname,
  s.alt_surnames, s.dob::text dob, s.sex, s.postcode, s.nhs_number, s.upn, s.payload,
  coalesce((s.std->>'sealed_pre_adoption')::boolean, false) sealed`;

export function sourceRecordFromRow(r: SourceRecordRow): PersonSourceRecord {
  return {
    sourceRecordId: r.id,
    feed: r.feed,
    sourceId: r.source_id,
    version: r.version,
    loadedAt: r.created_at,
    forename: r.forename,
    middleNames: r.middle_names,
    surname: r.surname,
    altSurnames: r.alt_surnames,
    dob: r.dob,
    sex: r.sex,
    postcode: r.postcode,
    nhsNumber: r.nhs_number,
    upn: r.upn,
    payload: r.payload,
    sealedPreAdoption: r.sealed === true,
  };
}

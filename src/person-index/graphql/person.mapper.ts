import type { PersonSourceRecord } from '../person-feeds';
import type { CombinedRecord, PersonEventView, ReviewItemView } from '../person-query.service';
import type { GoldenRecord } from '../survivorship';
import type {
  GoldenRecordModel,
  PersonEventModel,
  PersonModel,
  PersonSourceRecordModel,
  ReviewItemModel,
} from './person.model';

/** Service results → GraphQL models. Plain copies: what a model shows is decided here, field by field. */
export function toSourceRecordModel(r: PersonSourceRecord): PersonSourceRecordModel {
  return {
    sourceRecordId: r.sourceRecordId,
    feed: r.feed,
    sourceId: r.sourceId,
    version: r.version,
    loadedAt: r.loadedAt,
    forename: r.forename,
    middleNames: r.middleNames,
    surname: r.surname,
    altSurnames: r.altSurnames,
    dob: r.dob,
    sex: r.sex,
    postcode: r.postcode,
    nhsNumber: r.nhsNumber,
    upn: r.upn,
    payloadJson: JSON.stringify(r.payload),
  };
}

export function toGoldenModel(golden: GoldenRecord): GoldenRecordModel {
  return { ...golden };
}

export function toPersonModel(combined: CombinedRecord): PersonModel {
  return {
    id: combined.person.id,
    requestedId: combined.person.requestedId,
    status: combined.person.status,
    createdAt: combined.person.createdAt,
    golden: toGoldenModel(combined.golden),
    records: combined.records.map(toSourceRecordModel),
    links: combined.links.map((l) => ({ ...l })),
  };
}

export function toEventModel(e: PersonEventView): PersonEventModel {
  return {
    id: e.id,
    personId: e.personId,
    type: e.type,
    payloadJson: JSON.stringify(e.payload),
    runId: e.runId,
    createdAt: e.createdAt,
  };
}

export function toReviewItemModel(item: ReviewItemView): ReviewItemModel {
  return {
    id: item.id,
    status: item.status,
    matchProbability: item.matchProbability,
    matchWeight: item.matchWeight,
    explanationJson: JSON.stringify(item.explanation),
    ruleSetVersion: item.ruleSetVersion,
    createdAt: item.createdAt,
    decidedBy: item.decidedBy,
    decidedAt: item.decidedAt,
    reason: item.reason,
    recordA: toSourceRecordModel(item.recordA),
    recordB: toSourceRecordModel(item.recordB),
    personA: item.personA,
    personB: item.personB,
  };
}

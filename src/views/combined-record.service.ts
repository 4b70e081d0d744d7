import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../access/auth-context';
import { AccessErrorCode, AccessException } from '../access/access.exception';
import { PolicyService, ReadLog, type ChildFacts } from '../access/policy/policy.service';
import { recordAccess } from '../access/policy/record-access';
import { HEALTH_RECORD_PROVENANCE } from '../access/policy/field-policy';
import { ConsentService, recipientsFor } from '../access/consent/consent.service';
import { AuditService } from '../access/audit/audit.service';
import { PersonQueryService } from '../person-index/person-query.service';
import type { PersonSourceRecord } from '../person-index/person-feeds';
import type { PlacementRecord } from '../placements/placement.types';
import { goldenRecord } from '../person-index/survivorship';
import { isPersonId } from '../person-index/person-id';
import { ChildLoaderFactory, type ChildRecords } from './child-loaders';
import { ChildPopulationRepository } from './child-population.repository';
import { CombinedRecordRepository } from './combined-record.repository';
import { flag, isSealed, latest, recordFactsOf, text } from './child-facts';
import type {
  ChildEducationModel,
  ChildHealthModel,
  ChildIdentityModel,
  ChildPlacementModel,
  ChildRecordModel,
  ChildRecordPageModel,
  ChildSocialCareModel,
  ChildSourceRecordModel,
} from './combined-record.model';

const HEALTH_FEED = 'health-patients';

function number(record: PersonSourceRecord | undefined, column: string): number | null {
  const value = text(record, column);
  if (value === null) return null;
  const parsed = Number(value.replace('%', ''));
  return Number.isFinite(parsed) ? parsed : null;
}

/** A whole number or unknown: a malformed count must not break the record (GraphQL Int). */
function count(record: PersonSourceRecord | undefined, column: string): number | null {
  const value = number(record, column);
  return value !== null && Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? value : null;
}

/**
 * The combined record of one child (social worker: caseload or break-glass; data steward: all).
 * Record-level access first (a child you may not see and a child that does not exist give the same
 * NOT_FOUND), then every object is built field by field through the policy, then the read is
 * audited before anything is returned.
 */
@Injectable()
export class CombinedRecordService {
  constructor(
    @Inject(PersonQueryService) private readonly persons: PersonQueryService,
    @Inject(ChildLoaderFactory) private readonly loaders: ChildLoaderFactory,
    @Inject(PolicyService) private readonly policy: PolicyService,
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ChildPopulationRepository) private readonly population: ChildPopulationRepository,
    @Inject(DataSource) dataSource: DataSource,
  ) {
    this.reader = new CombinedRecordRepository(dataSource);
  }

  /** childRecord's one-query read (the hot path: a social worker opening a record). */
  private readonly reader: CombinedRecordRepository;

  /** The person an id resolves to, if the caller may open that child; else NOT_FOUND. */
  async openChild(
    auth: AuthContext,
    requestedId: string,
  ): Promise<{ personId: string; child: ChildRecords; breakGlass: boolean }> {
    const loaders = this.loaders.for(auth);
    // A current id has linked records: one query. Only an old (merged) id needs resolving first.
    let personId = requestedId;
    let child = await loaders.records.load(requestedId);
    if (!child) {
      const person = await this.persons.resolve(requestedId);
      if (person && person.id !== requestedId) {
        personId = person.id;
        child = await loaders.records.load(person.id);
      }
    }
    if (!child) throw new AccessException(AccessErrorCode.NotFound);
    return { personId, child, breakGlass: this.admit(auth, personId, child.records) };
  }

  /** Record-level access to a child that exists: break-glass or not; NOT_FOUND if refused. */
  private admit(auth: AuthContext, personId: string, records: readonly PersonSourceRecord[]): boolean {
    const decision = recordAccess(auth, recordFactsOf(records));
    if (decision === 'denied') {
      // A refused attempt on a real child is worth a reviewer's eye (repeated refusals are a
      // signal). Recorded without waiting, so the refusal takes no longer than for a child that
      // does not exist; a failed write is logged and counted there, never swallowed.
      this.audit.recordInBackground({
        auth,
        operation: 'refused',
        personIds: [personId],
        fields: [],
        refused: true,
      });
      throw new AccessException(AccessErrorCode.NotFound);
    }
    return decision === 'break_glass';
  }

  /**
   * The caller's team caseload, a page at a time: the same policy-built records (a worker selects
   * the fields they need), consent evaluated for the whole page in one query, one audit row.
   */
  async caseload(auth: AuthContext, first: number, after: string | null): Promise<ChildRecordPageModel> {
    if (!auth.team) return { records: [], endCursor: null, hasNextPage: false };
    if (after !== null && !isPersonId(after))
      throw new AccessException(AccessErrorCode.BadInput, 'invalid cursor');
    const limit = Math.min(Math.max(first, 1), 100);
    const ids = await this.population.caseloadIds(auth.team, after, limit + 1);
    const pageIds = ids.slice(0, limit);
    const loaders = this.loaders.for(auth);
    const [children, placements, decisions] = await Promise.all([
      loaders.records.loadMany(pageIds),
      loaders.placements.loadMany(pageIds),
      this.consents.decisions(pageIds, auth.purpose, recipientsFor(auth)),
    ]);
    const log = new ReadLog();
    const records: ChildRecordModel[] = [];
    pageIds.forEach((personId, index) => {
      const child = children[index];
      const list = placements[index];
      if (!child || child instanceof Error) return;
      // Re-checked per child: the page query and the record load are separate reads.
      if (recordAccess(auth, recordFactsOf(child.records)) !== 'allowed') return;
      const facts: ChildFacts = {
        personId,
        sealed: isSealed(child.records),
        sharingBasis: decisions.get(personId) === 'granted',
      };
      records.push(this.build(auth, facts, child, Array.isArray(list) ? list : [], log));
    });
    await this.audit.record({
      auth,
      operation: 'caseload',
      personIds: [...log.personIds],
      fields: [...log.fields],
    });
    return { records, endCursor: pageIds.at(-1) ?? null, hasNextPage: ids.length > limit };
  }

  async childRecord(auth: AuthContext, requestedId: string): Promise<ChildRecordModel> {
    // Not a person id: no such child (the same answer as for one the caller may not see), and
    // never sent to the database, where a malformed id would fail the statement it shares with
    // other requests' reads.
    if (!isPersonId(requestedId)) throw new AccessException(AccessErrorCode.NotFound);
    const recipients = recipientsFor(auth);
    // Consent is evaluated in the same query as the records, every request: a withdrawal recorded
    // a moment ago already applies (feed-loaded consents are materialised first, as in decisions).
    await this.consents.syncIfStale();
    // One query reads records, placements and consent for the id as asked (the usual case);
    // nothing read is used or returned unless the access check below passes.
    let personId = requestedId;
    let read = await this.reader.read(requestedId, auth.purpose, recipients);
    if (read.records.length === 0) {
      // Only an old (merged) id needs resolving first.
      const person = await this.persons.resolve(requestedId);
      if (person && person.id !== requestedId) {
        personId = person.id;
        read = await this.reader.read(personId, auth.purpose, recipients);
      }
    }
    if (read.records.length === 0) throw new AccessException(AccessErrorCode.NotFound);
    const breakGlass = this.admit(auth, personId, read.records);
    const child: ChildRecords = { golden: goldenRecord(read.records), records: read.records };
    const placements = read.placements;
    const decision = read.consent;
    const facts: ChildFacts = {
      personId,
      sealed: isSealed(child.records),
      sharingBasis: decision === 'granted',
    };
    const log = new ReadLog();
    const record = this.build(auth, facts, child, placements, log);
    await this.audit.record({
      auth,
      operation: 'childRecord',
      personIds: [personId],
      fields: [...log.fields],
      breakGlass,
    });
    return record;
  }

  private build(
    auth: AuthContext,
    facts: ChildFacts,
    child: ChildRecords,
    placements: PlacementRecord[],
    log: ReadLog,
  ): ChildRecordModel {
    const { golden, records } = child;
    const csc = latest(records, 'csc-children');
    const school = latest(records, 'education-pupils');
    const health = latest(records, HEALTH_FEED);
    const p = this.policy;
    // Health records are themselves health data: listed (and their identity values used) only for
    // a caller the policy lets see them (a social worker with a sharing basis; a data steward).
    const seesHealthRecords = p.allows(HEALTH_RECORD_PROVENANCE, auth, facts);
    const visibleRecords = records.filter((r) => r.feed !== HEALTH_FEED || seesHealthRecords);
    // Identity from the records this caller may see: the golden record ranks health first for
    // dob, sex and NHS number (and falls back to the GP's postcode), so without a health sharing
    // basis the same survivorship runs over the other records only.
    const identity = visibleRecords.length === records.length ? golden : goldenRecord(visibleRecords);
    return p.build<ChildRecordModel>(
      'ChildRecord',
      auth,
      facts,
      {
        personId: () => facts.personId,
        sealed: () => facts.sealed,
        healthSharingBasis: () => facts.sharingBasis,
        identity: () =>
          p.build<ChildIdentityModel>(
            'ChildIdentity',
            auth,
            facts,
            {
              laChildId: () => csc?.sourceId ?? null,
              forename: () => identity.forename?.value ?? null,
              middleNames: () => identity.middleNames?.value ?? null,
              surname: () => identity.surname?.value ?? null,
              dob: () => identity.dob?.value ?? null,
              sex: () => identity.sex?.value ?? null,
              nhsNumber: () => identity.nhsNumber?.value ?? null,
              upn: () => identity.upn?.value ?? null,
              postcode: () => identity.postcode?.value ?? null,
              address: () => identity.address?.value ?? null,
            },
            log,
          ),
        socialCare: () =>
          csc
            ? p.build<ChildSocialCareModel>(
                'ChildSocialCare',
                auth,
                facts,
                {
                  allocatedTeam: () => text(csc, 'allocated_team'),
                  allocatedWorker: () => text(csc, 'allocated_worker'),
                  legalStatus: () => text(csc, 'legal_status'),
                  cpPlan: () => flag(csc, 'cp_plan'),
                  lookedAfter: () => flag(csc, 'looked_after'),
                },
                log,
              )
            : null,
        sourceRecords: () =>
          visibleRecords.map((r) =>
            p.build<ChildSourceRecordModel>(
              'ChildSourceRecord',
              auth,
              facts,
              {
                feed: () => r.feed,
                sourceId: () => r.sourceId,
                version: () => r.version,
                loadedAt: () => r.loadedAt.toISOString(),
              },
              log,
            ),
          ),
        placements: () =>
          placements.map((pl) =>
            p.build<ChildPlacementModel>(
              'ChildPlacement',
              auth,
              facts,
              {
                placementId: () => pl.placementId,
                startDate: () => pl.startDate,
                endDate: () => pl.endDate,
                placementType: () => pl.placementType,
                providerName: () => pl.providerName,
                reasonForChange: () => pl.reasonForChange,
              },
              log,
            ),
          ),
        education: () =>
          school
            ? p.build<ChildEducationModel>(
                'ChildEducation',
                auth,
                facts,
                {
                  schoolUrn: () => text(school, 'school_urn'),
                  schoolName: () => text(school, 'school_name'),
                  senProvision: () => text(school, 'sen_provision'),
                  fsmEligible: () => flag(school, 'fsm_eligible'),
                  attendancePct: () => number(school, 'attendance_pct'),
                  exclusions: () => count(school, 'exclusions'),
                  censusDate: () => text(school, 'census_date'),
                },
                log,
              )
            : null,
        health: () =>
          health
            ? p.build<ChildHealthModel>(
                'ChildHealth',
                auth,
                facts,
                {
                  gpPracticeCode: () => text(health, 'gp_practice_code'),
                  registeredFrom: () => text(health, 'registered_from'),
                  lastHealthAssessment: () => text(health, 'last_health_assessment'),
                  immunisationsUpToDate: () => flag(health, 'immunisations_up_to_date'),
                },
                log,
              )
            : null,
      },
      log,
    );
  }
}

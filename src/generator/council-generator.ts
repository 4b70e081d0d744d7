/**
 * The synthetic council: families and their children, and the records each system holds of them,
 * with the realities that make linking hard (rates in `REALITY_RATES`). Streams family by family,
 * so memory stays flat at any size; deterministic for a seed (seeded PRNG, a fixed as-of date,
 * never the clock).
 *
 * Conventions worth knowing when reading the output:
 * - An adopted child's pre-adoption social care record is CLOSED ON ADOPTION: legal_status
 *   `ADOPTED`, looked_after `N`, its own la_child_id, the birth surname and the birth NHS number.
 *   The post-adoption identity has a new la_child_id (when social care still knows the child), the
 *   adopters' surname and a NEW NHS number, as in England. The truth files give the pre-adoption
 *   identity its own child id `<child_id>-pre`: the system must never link the two.
 * - Unborn children (pre-birth assessments) appear only in social care: blank forename, the
 *   expected date of delivery as dob (may be in the future), no NHS number.
 * - Payments are four-weekly in arrears, split at 1 April so each falls in one financial year.
 */
import { ageOn, academicYearStart, civilOf, dayOf, isoOf, parseIso, type Day } from './calendar';
import { CareHistoryWriter } from './care-history';
import { ConsentWriter } from './consent-writer';
import type { CareStatus, CouncilContext, Reality } from './council-context';
import { COUNCIL, DEFAULT_AS_OF, REALITY_RATES } from './generator-config';
import { mistypeNhsNumber, mistypeUpn, NhsNumberIssuer, padded, scramble, spacedNhsNumber, UpnIssuer } from './identifiers';
import { FEED_COLUMNS, GENERATED_FILES, type Address, type Child, type Family, type FeedName, type FeedRow, type Sex } from './model';
import { COMMUNITIES, PLACES, SIMILAR_TWIN_FORENAMES } from './name-data';
import {
  caseVariant,
  hasDiacritics,
  hyphenationVariant,
  nicknamesOf,
  sameOrNicknames,
  stripDiacritics,
  typo,
} from './name-variants';
import { countyAddress } from './places';
import { Prng, WeightedPicker, zipf } from './prng';
import { LEGAL_STATUSES, ProviderCatalogue } from './providers';
import type { CouncilSink } from './council-sink';
import type { GeneratedFile } from './model';

export type { Reality } from './council-context';

export interface GenerateOptions {
  children: number;
  seed: string | number;
  /** Reference date (ISO): census and extract date; ages and open placements are as of this day. */
  asOf?: string;
  /** Called every few hundred children with the number generated so far. */
  onProgress?: (childrenDone: number) => void;
}

export interface GenerateSummary {
  seed: string;
  asOf: string;
  children: number;
  families: number;
  rows: Record<GeneratedFile, number>;
  /** How many of each reality were generated (children or records, as named). */
  realities: Record<Reality, number>;
}


/** NHS numbers come from a 999-range of ~900,000; adoption issues a second number to some. */
export const MAX_CHILDREN = 800_000;

const DAYS_PER_YEAR = 365.25;
const DRAIN_EVERY = 500;

interface CountyFamily extends Family {
  gpPractice: number;
  primarySchool: number;
  secondarySchool: number;
}

interface School {
  urn: string;
  name: string;
}



/** How the child is named and where they live in one record. */
interface RecordIdentity {
  forename: string;
  middleNames: string;
  surname: string;
  dob: string;
  sex: string;
  address: Address | undefined;
}

const TEAMS = {
  prebirth: 'Pre-birth and Early Help',
  assessment: ['Assessment North', 'Assessment South', 'MASH'],
  childInNeed: ['Child in Need North', 'Child in Need South', 'Child in Need East'],
  protection: ['Child Protection North', 'Child Protection South'],
  inCare: ['Children in Care East', 'Children in Care West'],
  disabled: 'Disabled Children',
  adoption: 'Adoption Support',
};

class CouncilGenerator implements CouncilContext {
  readonly rng: Prng;
  readonly rates = REALITY_RATES;
  readonly asOf: Day;
  private readonly care: CareHistoryWriter;
  private readonly consents: ConsentWriter;
  private readonly nhs = new NhsNumberIssuer();
  private readonly upns = new UpnIssuer(COUNCIL.laNumber);
  private readonly otherLaUpns = new UpnIssuer('851');
  private readonly communities: WeightedPicker<number>;
  private readonly surnames: Array<WeightedPicker<string>>;
  private readonly ownForenames: Array<Record<Sex, WeightedPicker<string>>>;
  private readonly generalForenames: Record<Sex, WeightedPicker<string>>;
  private readonly ethnicities: Array<WeightedPicker<string>>;
  private readonly familySizes: WeightedPicker<number>;
  private readonly primarySchools: School[] = [];
  private readonly secondarySchools: School[] = [];
  private readonly gpPractices: string[] = [];
  private readonly workers: number;
  private readonly counters = { family: 0, child: 0, laChild: 0, pupil: 0, patient: 0 };
  readonly rows = Object.fromEntries(GENERATED_FILES.map((file) => [file, 0])) as Record<GeneratedFile, number>;
  private readonly realities: Record<Reality, number> = {
    twinPairs: 0,
    unbornChildren: 0,
    adoptedChildren: 0,
    specialGuardianship: 0,
    surnameChanges: 0,
    duplicateSocialCareRecords: 0,
    familiesMoved: 0,
    everLookedAfter: 0,
    lookedAfterNow: 0,
    childProtectionPlans: 0,
    paymentsWithoutPlacementRef: 0,
    creditNotes: 0,
    paymentsForUnknownChildren: 0,
  };

  count(reality: Reality): void {
    this.realities[reality]++;
  }

  constructor(
    private readonly options: GenerateOptions,
    private readonly sink: CouncilSink,
  ) {
    this.rng = new Prng(options.seed);
    this.asOf = parseIso(options.asOf ?? DEFAULT_AS_OF);
    this.care = new CareHistoryWriter(this, new ProviderCatalogue(options.seed, options.children), () => this.randomClientName());
    this.consents = new ConsentWriter(this, () => this.worker());
    this.communities = new WeightedPicker(COMMUNITIES.map((c, i) => [i, c.share] as const));
    this.surnames = COMMUNITIES.map((c) => new WeightedPicker(zipf(c.surnames, 1, Math.max(2, c.surnames.length / 10))));
    this.ownForenames = COMMUNITIES.map((c) => ({
      M: new WeightedPicker(zipf(c.forenames.M, 1, 15)),
      F: new WeightedPicker(zipf(c.forenames.F, 1, 15)),
    }));
    const white = COMMUNITIES[0];
    if (!white) throw new Error('no communities');
    this.generalForenames = { M: new WeightedPicker(zipf(white.forenames.M, 1, 15)), F: new WeightedPicker(zipf(white.forenames.F, 1, 15)) };
    this.ethnicities = COMMUNITIES.map((c) => new WeightedPicker(c.ethnicities));
    this.familySizes = new WeightedPicker(this.rates.familySize.map((w, i) => [i + 1, w] as const));
    const places = new Prng(`${options.seed}:places`);
    const primaryKinds = ['Primary School', 'Church of England Primary School', 'Junior School', 'Infant School', 'Primary Academy'];
    const secondaryKinds = ['Academy', 'High School', 'Community College', 'School'];
    for (let i = 0; i < 40; i++) {
      const prefix = i % 9 === 0 ? `St ${places.pick(['Mary', 'Peter', 'Andrew', 'Joseph', 'Michael'])}'s ` : '';
      this.primarySchools.push({ urn: String(110_000 + i * 37), name: `${prefix}${places.pick(PLACES)} ${places.pick(primaryKinds)}` });
    }
    for (let i = 0; i < 10; i++) {
      this.secondarySchools.push({ urn: String(136_000 + i * 53), name: `${places.pick(PLACES)} ${places.pick(secondaryKinds)}` });
    }
    for (let i = 0; i < 30; i++) this.gpPractices.push(`W9${padded(1000 + i * 7, 4)}`);
    this.workers = Math.max(20, Math.ceil(options.children * 0.002));
  }

  async run(): Promise<GenerateSummary> {
    let made = 0;
    let nextDrain = DRAIN_EVERY;
    while (made < this.options.children) {
      made += this.family(this.options.children - made);
      if (made >= nextDrain) {
        nextDrain = made + DRAIN_EVERY;
        this.options.onProgress?.(made);
        await this.sink.drain();
      }
    }
    this.options.onProgress?.(made);
    return {
      seed: String(this.options.seed),
      asOf: isoOf(this.asOf),
      children: made,
      families: this.counters.family,
      rows: this.rows,
      realities: this.realities,
    };
  }

  // ----------------------------------------------------------------------------------- output --

  write<F extends FeedName>(feed: F, row: FeedRow<F>): void {
    const values = FEED_COLUMNS[feed].map((column) => (row as Record<string, string | undefined>)[column] ?? '');
    this.emit(feed, values);
  }

  emit(file: GeneratedFile, values: readonly string[]): void {
    this.rows[file]++;
    this.sink.row(file, values);
  }

  private truthPerson(feed: FeedName, sourceId: string, childId: string): void {
    this.emit('truth/persons', [feed, sourceId, childId]);
  }

  // ----------------------------------------------------------------------------------- people --

  private newFamily(): CountyFamily {
    const communityIndex = this.communities.pick(this.rng);
    const moved = this.rng.chance(this.rates.movedHouse);
    if (moved) this.count('familiesMoved');
    return {
      id: `F${padded(++this.counters.family, 7)}`,
      communityIndex,
      surname: this.familySurname(communityIndex),
      address: countyAddress(this.rng),
      previousAddress: moved ? countyAddress(this.rng) : undefined,
      gpPractice: this.rng.int(0, this.gpPractices.length - 1),
      primarySchool: this.rng.int(0, this.primarySchools.length - 1),
      secondarySchool: this.rng.int(0, this.secondarySchools.length - 1),
    };
  }

  private familySurname(communityIndex: number): string {
    const picker = this.surnames[communityIndex] as WeightedPicker<string>;
    const surname = picker.pick(this.rng);
    if (COMMUNITIES[communityIndex]?.key === 'white-british' && this.rng.chance(this.rates.doubleBarrelledSurname)) {
      const second = picker.pick(this.rng);
      if (second !== surname) return `${surname}-${second}`;
    }
    return surname;
  }

  private forename(communityIndex: number, sex: Sex): string {
    const community = COMMUNITIES[communityIndex];
    const own = this.ownForenames[communityIndex];
    if (community && own && this.rng.chance(community.ownForenameShare)) return own[sex].pick(this.rng);
    return this.generalForenames[sex].pick(this.rng);
  }

  /** Polish feminine surnames: Kowalski → Kowalska for a daughter. */
  /** Name of a child the feeds do not hold, as finance records it. */
  private randomClientName(): string {
    const sex: Sex = this.rng.chance(0.5) ? 'M' : 'F';
    const community = this.communities.pick(this.rng);
    return `${this.forename(community, sex)} ${this.familySurname(community)}`;
  }

  private surnameForSex(surname: string, sex: Sex, communityIndex: number): string {
    if (sex === 'F' && COMMUNITIES[communityIndex]?.key === 'eastern-european' && /(ski|cki|dzki)$/.test(surname)) {
      return `${surname.slice(0, -1)}a`;
    }
    return surname;
  }

  /** A family's children (one to five; twins share a birth), then every record of each. */
  private family(remaining: number): number {
    const family = this.newFamily();
    const size = Math.min(remaining, this.familySizes.pick(this.rng));
    const earliest = this.asOf - Math.floor(18 * DAYS_PER_YEAR) + 1;
    const children: Child[] = [];
    let dob = this.asOf - this.rng.int(0, Math.floor(18 * DAYS_PER_YEAR) - 1);
    for (let made = 0; made < size; ) {
      if (this.rng.chance(this.rates.unbornInSocialCare)) {
        this.count('unbornChildren');
        children.push(this.newChild(family, this.asOf + this.rng.int(-14, 150), undefined, true, children));
        made++;
        continue;
      }
      const first = this.newChild(family, dob, undefined, false, children);
      children.push(first);
      made++;
      // A twin may take the family one past its drawn size (twinning is per birth, not per family).
      if (made < remaining && this.rng.chance(this.rates.twinBirth)) {
        this.count('twinPairs');
        children.push(this.newTwin(first, children));
        made++;
      }
      // Next sibling 14 months to 6 years apart, younger or older, inside the 0–17 window.
      const gap = this.rng.int(420, 2200);
      const younger = dob + gap <= this.asOf;
      const older = dob - gap >= earliest;
      if (!younger && !older) break;
      dob = younger && (!older || this.rng.chance(0.5)) ? dob + gap : dob - gap;
    }
    for (const child of children) this.records(child);
    return children.length;
  }

  private newChild(family: CountyFamily, dob: Day, twinOf: Child | undefined, unborn: boolean, siblings: readonly Child[]): Child {
    const rates = this.rates;
    // About 105 boys are born per 100 girls (ONS); identical twins plus half of fraternal ones
    // share a sex, about two in three twin pairs.
    const sex: Sex = twinOf && this.rng.chance(0.65) ? twinOf.sex : this.rng.chance(0.512) ? 'M' : 'F';
    let surname = family.surname;
    if (!twinOf && this.rng.chance(rates.siblingDifferentSurname)) surname = this.familySurname(family.communityIndex);
    // A twin shares the other twin's surname, in its masculine form before the feminine is applied.
    if (twinOf) surname = twinOf.surname.replace(/(sk|ck|dzk)a$/, '$1i');
    surname = this.surnameForSex(surname, sex, family.communityIndex);
    let forename = unborn ? '' : this.forename(family.communityIndex, sex);
    // Siblings (twins above all) never share a forename or a nickname pair: parents do not do it,
    // and for twins it is what keeps them two children.
    for (let tries = 0; forename && tries < 20 && siblings.some((s) => sameOrNicknames(forename, s.forename)); tries++) {
      forename = this.forename(family.communityIndex, sex);
    }
    while (twinOf && sameOrNicknames(forename, twinOf.forename)) forename = this.generalForenames[sex].pick(this.rng);
    const middleNames: string[] = [];
    if (!unborn && this.rng.chance(0.6)) middleNames.push(this.forename(family.communityIndex, sex));
    if (middleNames.length && this.rng.chance(0.15)) middleNames.push(this.forename(family.communityIndex, sex));
    const schoolAge = this.isSchoolAge(dob);
    const upn = schoolAge ? this.upns.issue(civilOf(academicYearStart(this.asOf)).year - (this.yearGroup(dob) ?? 0)) : undefined;
    const formerUpn = upn && this.rng.chance(rates.formerUpn)
      ? this.rng.chance(0.6)
        ? this.upns.issueTemporary(this.rng, civilOf(dob).year + 4)
        : this.otherLaUpns.issue(civilOf(dob).year + 4)
      : undefined;
    const child: Child = {
      id: `C${padded(++this.counters.child, 7)}`,
      family,
      twinOf: twinOf?.id,
      hasTwin: false,
      sex,
      forename,
      middleNames,
      surname,
      otherSurname: undefined,
      dob,
      unborn,
      ethnicity: (this.ethnicities[family.communityIndex] as WeightedPicker<string>).pick(this.rng),
      nhsNumber: unborn ? undefined : this.nhs.issue(),
      upn,
      formerUpn,
      address: family.address,
      previousAddress: family.previousAddress,
    };
    if (!unborn && this.rng.chance(rates.surnameChange)) {
      this.count('surnameChanges');
      child.otherSurname = this.familySurname(family.communityIndex);
    }
    return child;
  }

  private newTwin(first: Child, siblings: readonly Child[]): Child {
    const twin = this.newChild(first.family as CountyFamily, first.dob, first, false, siblings);
    first.hasTwin = true;
    if (this.rng.chance(this.rates.twinsWithSimilarForenames)) {
      const [sexA, nameA, sexB, nameB] = this.rng.pick(SIMILAR_TWIN_FORENAMES);
      const family = first.family as CountyFamily;
      const masculine = first.surname.replace(/(sk|ck|dzk)a$/, '$1i');
      Object.assign(first, { sex: sexA, forename: nameA, surname: this.surnameForSex(masculine, sexA, family.communityIndex) });
      Object.assign(twin, { sex: sexB, forename: nameB, surname: this.surnameForSex(masculine, sexB, family.communityIndex) });
    }
    return twin;
  }

  /** National curriculum year group (0 = Reception … 13) in the census year, or undefined. */
  private yearGroup(dob: Day): number | undefined {
    const ageAtSeptember = ageOn(dob, academicYearStart(this.asOf) - 1);
    return ageAtSeptember >= 4 && ageAtSeptember <= 17 ? ageAtSeptember - 4 : undefined;
  }

  private isSchoolAge(dob: Day): boolean {
    return dob <= this.asOf && this.yearGroup(dob) !== undefined;
  }

  // ---------------------------------------------------------------------------------- records --

  private records(child: Child): void {
    const rates = this.rates;
    const family = child.family as CountyFamily;
    if (child.unborn) {
      this.familyTruth(child.id, family.id, undefined);
      this.socialCare(child, child.id, { team: TEAMS.prebirth, cpPlan: this.rng.chance(0.3) });
      return;
    }
    const age = ageOn(child.dob, this.asOf);
    // Twins are kept out of adoption here: the truth file's twin pairs stay in one family.
    if (!child.twinOf && !child.hasTwin && age >= 2 && this.rng.chance(rates.adopted)) {
      this.count('adoptedChildren');
      this.adoption(child);
      return;
    }
    this.familyTruth(child.id, family.id, child.twinOf);
    const specialGuardianship = !child.otherSurname && age >= 1 && this.rng.chance(rates.specialGuardianship);
    if (specialGuardianship) {
      // Living with a relative: a new address, and the guardian's surname in some systems.
      child.otherSurname = this.rng.chance(0.6) ? this.familySurname(family.communityIndex) : undefined;
      child.previousAddress = child.address;
      child.address = countyAddress(this.rng);
    }
    const everLookedAfter = this.rng.chance(rates.everLookedAfter * (rates.lookedAfterByAge[Math.min(age, 17)] ?? 1));
    const lookedAfterNow = everLookedAfter && this.rng.chance(rates.currentlyLookedAfterGivenEver);
    const cpPlan = !lookedAfterNow && this.rng.chance(rates.childProtectionPlan);
    if (specialGuardianship) this.count('specialGuardianship');
    if (everLookedAfter) this.count('everLookedAfter');
    if (lookedAfterNow) this.count('lookedAfterNow');
    if (cpPlan) this.count('childProtectionPlans');
    const inSocialCare = everLookedAfter || cpPlan || specialGuardianship || this.rng.chance(rates.inSocialCare);
    let placementPostcode: string | undefined;
    if (inSocialCare) {
      const laChildId = this.socialCare(child, child.id, {
        cpPlan,
        lookedAfterNow,
        legalStatus: lookedAfterNow ? LEGAL_STATUSES.pick(this.rng) : '',
        team: lookedAfterNow ? this.rng.pick(TEAMS.inCare) : cpPlan ? this.rng.pick(TEAMS.protection) : undefined,
      });
      if (everLookedAfter) {
        const placements = this.care.careHistory(child, laChildId, lookedAfterNow);
        const open = placements.find((p) => p.end === undefined);
        placementPostcode = open?.postcode || undefined;
      }
      if (this.rng.chance(rates.duplicateSocialCareRecord)) {
        this.count('duplicateSocialCareRecords');
        this.duplicateSocialCare(child);
      }
    }
    this.education(child, child.id, placementPostcode);
    this.health(child, child.id, placementPostcode, { lookedAfterNow, cpPlan, inSocialCare });
  }

  private familyTruth(childId: string, familyId: string, twinOf: string | undefined): void {
    this.emit('truth/families', [childId, familyId, twinOf ?? '']);
  }

  /** Pre-adoption identity (social care only, closed on adoption) and the adopted child's new one. */
  private adoption(child: Child): void {
    const family = child.family as CountyFamily;
    const preId = `${child.id}-pre`;
    this.familyTruth(preId, family.id, undefined);
    const ageDays = this.asOf - child.dob;
    const adoptedOn = child.dob + this.rng.int(Math.min(540, ageDays - 60), Math.min(ageDays - 30, 6 * 365));
    // UPNs are re-issued on adoption; the closed record holds the old one only if adopted at school age.
    const birthUpn = child.upn;
    if (ageOn(child.dob, adoptedOn) < 5) child.upn = undefined;
    const preLaId = this.socialCare(child, preId, { legalStatus: 'ADOPTED', updatedAt: adoptedOn, closed: true });
    child.upn = birthUpn;
    this.care.careHistory(child, preLaId, false, adoptedOn);

    // The adopters: a new family, surname, address and NHS number; usually the same forename and dob.
    const adopters = this.newFamily();
    this.familyTruth(child.id, adopters.id, undefined);
    child.family = adopters;
    child.surname = this.surnameForSex(adopters.surname, child.sex, adopters.communityIndex);
    child.address = adopters.address;
    child.previousAddress = adopters.previousAddress;
    child.otherSurname = undefined;
    child.nhsNumber = this.nhs.issue();
    if (!this.rng.chance(this.rates.adoptedKeepsForename)) child.forename = this.forename(adopters.communityIndex, child.sex);
    if (child.upn) child.upn = this.upns.issue(civilOf(adoptedOn).year);
    child.formerUpn = undefined;
    if (this.rng.chance(this.rates.adoptedHasPostAdoptionSocialCareRecord)) {
      this.socialCare(child, child.id, { team: TEAMS.adoption });
    }
    this.education(child, child.id, undefined);
    // The new NHS number is registered after the adoption order.
    this.health(child, child.id, undefined, { lookedAfterNow: false, cpPlan: false, inSocialCare: false }, adoptedOn);
  }

  // ------------------------------------------------------------------------- record identity --

  private identity(child: Child, surname: string, options: { upperSurname?: boolean } = {}): RecordIdentity {
    const rates = this.rates;
    const rng = this.rng;
    let forename = child.forename;
    if (forename && rng.chance(rates.nicknameInRecord)) {
      const nicknames = nicknamesOf(forename);
      if (nicknames.length) forename = rng.pick(nicknames);
    }
    if (forename.includes('-') && rng.chance(rates.hyphenationVariant)) forename = hyphenationVariant(rng, forename, 'forename');
    if (forename && rng.chance(rates.forenameTypo)) forename = typo(rng, forename);
    let recorded = surname;
    if (recorded.includes('-') && rng.chance(rates.hyphenationVariant)) recorded = hyphenationVariant(rng, recorded);
    if (rng.chance(rates.surnameTypo)) recorded = typo(rng, recorded);
    if (options.upperSurname) recorded = recorded.toUpperCase();
    else if (rng.chance(rates.surnameCaseVariant)) recorded = caseVariant(rng, recorded);
    let middleNames = rng.chance(rates.middleNamesMissing) ? '' : child.middleNames.join(' ');
    if (hasDiacritics(forename + recorded + middleNames) && rng.chance(rates.diacriticsStripped)) {
      forename = stripDiacritics(forename);
      recorded = stripDiacritics(recorded);
      middleNames = stripDiacritics(middleNames);
    }
    const address = child.previousAddress && rng.chance(rates.recordHasPreviousAddress) ? child.previousAddress : child.address;
    return {
      forename,
      middleNames,
      surname: recorded,
      dob: this.recordedDob(child.dob),
      sex: rng.chance(rates.sexMissing) ? '' : child.sex,
      address: rng.chance(rates.postcodeMissing) ? undefined : address,
    };
  }

  /** The birth date as keyed into one system; an error never makes a born child's date future. */
  private recordedDob(dob: Day): string {
    const { year, month, day } = civilOf(dob);
    const rng = this.rng;
    let recorded = dob;
    if (day <= 12 && day !== month && rng.chance(this.rates.dobDayMonthSwapped)) {
      recorded = dayOf(year, day, month);
    } else if (rng.chance(this.rates.dobOtherError)) {
      // One keyed digit wrong: the year off by one, or the day.
      if (rng.chance(0.5)) recorded = dayOf(year + (rng.chance(0.5) ? 1 : -1), month, Math.min(day, 28));
      else recorded = dayOf(year, month, Math.min(day <= 20 ? day + rng.int(1, 8) : day - rng.int(1, 9), 28));
    }
    return isoOf(recorded <= this.asOf ? recorded : dob);
  }

  private yesNo(value: boolean): string {
    return value ? 'Y' : 'N';
  }

  // ------------------------------------------------------------------------------ social care --

  private nextLaChildId(): string {
    return `LA${padded(scramble(this.counters.laChild++, 10_000_000, 1_234_567), 7)}`;
  }

  private worker(): string {
    return `SW${padded(this.rng.int(1, this.workers), 4)}`;
  }

  private socialCare(
    child: Child,
    truthId: string,
    options: { cpPlan?: boolean; lookedAfterNow?: boolean; legalStatus?: string; team?: string; updatedAt?: Day; closed?: boolean } = {},
  ): string {
    const rng = this.rng;
    const rates = this.rates;
    const laChildId = this.nextLaChildId();
    const id = this.identity(child, child.surname);
    let surname = id.surname;
    let formerSurname = '';
    if (child.otherSurname && rng.chance(0.5)) {
      formerSurname = surname;
      surname = child.otherSurname;
    }
    let nhs = child.nhsNumber && !rng.chance(rates.nhsMissingInSocialCare) ? child.nhsNumber : '';
    if (nhs && rng.chance(rates.nhsMistypedInSocialCare)) nhs = mistypeNhsNumber(rng, nhs);
    if (nhs && rng.chance(0.1)) nhs = spacedNhsNumber(nhs);
    let upn = '';
    if (child.upn && rng.chance(rates.upnInSocialCareGivenSchoolAge)) {
      upn = child.formerUpn && rng.chance(rates.socialCareHoldsFormerUpn) ? child.formerUpn : child.upn;
      if (rng.chance(rates.upnMistypedInSocialCare)) upn = mistypeUpn(rng, upn);
    }
    const open = options.closed !== true && (options.team !== undefined || options.lookedAfterNow === true || options.cpPlan === true || rng.chance(rates.openCase));
    const team = options.team ?? (open ? rng.pick([...TEAMS.assessment, ...TEAMS.childInNeed, TEAMS.disabled]) : '');
    const updatedAt = options.updatedAt ?? this.asOf - rng.int(open ? 0 : 30, open ? 60 : 2000);
    this.write('csc-children', {
      la_child_id: laChildId,
      forename: child.unborn ? '' : id.forename,
      middle_names: id.middleNames,
      surname,
      former_surname: formerSurname,
      dob: child.unborn ? isoOf(child.dob) : id.dob,
      sex: child.unborn && rng.chance(0.8) ? '' : id.sex,
      ethnicity: child.unborn && rng.chance(0.5) ? '' : child.ethnicity,
      nhs_number: nhs,
      upn,
      postcode: id.address?.postcode ?? '',
      address_line1: id.address?.line1 ?? '',
      allocated_team: team,
      allocated_worker: team ? this.worker() : '',
      legal_status: options.legalStatus ?? '',
      cp_plan: this.yesNo(options.cpPlan === true),
      looked_after: this.yesNo(options.lookedAfterNow === true),
      updated_at: isoOf(Math.min(updatedAt, this.asOf)),
    });
    this.truthPerson('csc-children', laChildId, truthId);
    this.consents.socialCareConsents(laChildId, options, updatedAt);
    return laChildId;
  }

  /** A second record for the same child, created at a later contact and never merged. */
  private duplicateSocialCare(child: Child): void {
    const rng = this.rng;
    const laChildId = this.nextLaChildId();
    const id = this.identity(child, child.otherSurname && rng.chance(0.5) ? child.otherSurname : child.surname);
    let forename = id.forename;
    if (rng.chance(0.3)) forename = rng.pick([...nicknamesOf(child.forename), typo(rng, child.forename)]);
    this.write('csc-children', {
      la_child_id: laChildId,
      forename,
      middle_names: '',
      surname: id.surname,
      dob: id.dob,
      sex: id.sex,
      ethnicity: rng.chance(0.5) ? child.ethnicity : '',
      nhs_number: child.nhsNumber && rng.chance(0.4) ? child.nhsNumber : '',
      postcode: (child.previousAddress ?? id.address)?.postcode ?? '',
      address_line1: (child.previousAddress ?? id.address)?.line1 ?? '',
      cp_plan: 'N',
      looked_after: 'N',
      updated_at: isoOf(this.asOf - rng.int(200, 3000)),
    });
    this.truthPerson('csc-children', laChildId, child.id);
  }

  // -------------------------------------------------------------------------- education, health --

  private education(child: Child, truthId: string, placementPostcode: string | undefined): void {
    const rng = this.rng;
    const rates = this.rates;
    const yearGroup = this.yearGroup(child.dob);
    if (!child.upn || yearGroup === undefined) return;
    // Sixth-formers are often at FE colleges, outside the school census.
    const onRoll = yearGroup >= 12 ? 0.5 : rates.inEducationGivenSchoolAge;
    if (!rng.chance(onRoll)) return;
    const family = child.family as CountyFamily;
    const school = yearGroup <= 6 ? this.primarySchools[family.primarySchool] : this.secondarySchools[family.secondarySchool];
    const id = this.identity(child, child.surname);
    const pupilRef = `P${padded(scramble(this.counters.pupil++, 100_000_000, 3_141_593), 8)}`;
    let upn = child.upn;
    if (rng.chance(rates.upnMistypedInEducation)) upn = mistypeUpn(rng, upn);
    const lookedAfter = placementPostcode !== undefined;
    const sen = rng.next();
    const senProvision = lookedAfter ? (sen < 0.25 ? 'E' : sen < 0.55 ? 'K' : 'N') : sen < 0.04 ? 'E' : sen < 0.17 ? 'K' : 'N';
    const absence = Math.min(60, Math.abs(rng.logNormal(lookedAfter ? 7 : 4.5, 0.8)));
    const address = lookedAfter && rng.chance(0.6) ? { postcode: placementPostcode ?? '' } : id.address;
    this.write('education-pupils', {
      pupil_ref: pupilRef,
      upn,
      former_upn: child.formerUpn ?? '',
      forename: id.forename,
      middle_names: id.middleNames,
      surname: id.surname,
      preferred_surname: child.otherSurname && rng.chance(0.7) ? child.otherSurname : '',
      dob: id.dob,
      sex: id.sex,
      postcode: address?.postcode ?? '',
      school_urn: school?.urn ?? '',
      school_name: school?.name ?? '',
      sen_provision: senProvision,
      fsm_eligible: this.yesNo(rng.chance(lookedAfter ? 0.5 : 0.24)),
      attendance_pct: (100 - absence).toFixed(1),
      exclusions: String(rng.chance(lookedAfter ? 0.12 : 0.02) ? rng.int(1, 3) : 0),
      census_date: isoOf(this.asOf),
    });
    this.truthPerson('education-pupils', pupilRef, truthId);
  }

  private health(child: Child, truthId: string, placementPostcode: string | undefined, care: CareStatus, registeredAfter = child.dob): void {
    const lookedAfterNow = care.lookedAfterNow;
    const rng = this.rng;
    const rates = this.rates;
    if (!rng.chance(rates.inHealth)) return;
    const family = child.family as CountyFamily;
    const surname = child.otherSurname && rng.chance(0.5) ? child.otherSurname : child.surname;
    const id = this.identity(child, surname, { upperSurname: rng.chance(rates.surnameUpperCaseHealth) });
    const localId = `H${padded(scramble(this.counters.patient++, 100_000_000, 2_718_281), 8)}`;
    let nhs = child.nhsNumber && !rng.chance(rates.nhsMissingInHealth) ? child.nhsNumber : '';
    if (nhs && rng.chance(rates.nhsMistypedInHealth)) nhs = mistypeNhsNumber(rng, nhs);
    const address = placementPostcode && rng.chance(0.6) ? { postcode: placementPostcode } : id.address;
    this.write('health-patients', {
      nhs_number: nhs,
      local_patient_id: localId,
      given_name: id.forename,
      family_name: id.surname,
      dob: id.dob,
      sex: id.sex,
      postcode: address?.postcode ?? '',
      gp_practice_code: this.gpPractices[family.gpPractice] ?? '',
      registered_from: isoOf(Math.min(this.asOf, registeredAfter + rng.int(7, Math.max(8, this.asOf - registeredAfter)))),
      // Looked-after children have a statutory health assessment at least yearly.
      last_health_assessment: lookedAfterNow && rng.chance(0.9) ? isoOf(this.asOf - rng.int(1, 365)) : '',
      immunisations_up_to_date: this.yesNo(rng.chance(lookedAfterNow ? 0.8 : 0.9)),
    });
    this.truthPerson('health-patients', localId, truthId);
    this.consents.healthConsents(localId, care);
  }

}

/** Throws, naming the option, when options cannot generate a council; call before opening a sink. */
export function checkGenerateOptions(options: GenerateOptions): void {
  if (!Number.isInteger(options.children) || options.children < 1 || options.children > MAX_CHILDREN) {
    throw new Error(`children must be a whole number from 1 to ${MAX_CHILDREN}`);
  }
  parseIso(options.asOf ?? DEFAULT_AS_OF);
}

/**
 * Generates a synthetic council into `sink` (then closes it, also on failure). Deterministic for
 * `seed` and `asOf`.
 */
export async function generateCouncil(options: GenerateOptions, sink: CouncilSink): Promise<GenerateSummary> {
  try {
    checkGenerateOptions(options);
    return await new CouncilGenerator(options, sink).run();
  } finally {
    await sink.close();
  }
}

import { Field, Float, ObjectType } from '@nestjs/graphql';
import { K_ANONYMITY } from '../access/disclosure/k-anonymity';

/** Shared (ICB) rows are k-anonymised: see k-anonymity.ts. */
const RARE = `where fewer than ${K_ANONYMITY} released children share it`;

/* Pseudonymised person-level rows: keyed ids per recipient, month of birth, postcode sector. */

@ObjectType('PseudonymisedPlacement')
export class PseudonymisedPlacementModel {
  @Field(() => String, { nullable: true }) placementType!: string | null;
  @Field(() => String, { nullable: true }) placementGroup!: string | null;
  @Field(() => String, { nullable: true }) providerName!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM' }) startMonth!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM; null while open' }) endMonth!: string | null;
  @Field(() => Float, { nullable: true, description: 'duration in weeks (to today while open)' }) weeks!:
    number | null;
  @Field(() => Float, { nullable: true }) weeklyRateGbp!: number | null;
  @Field(() => Float, { nullable: true, description: 'paid to date on linked payments' }) costGbp!:
    number | null;
  @Field(() => Float, { nullable: true, description: 'open placement: cost committed to 31 March' })
  committedToYearEndGbp!: number | null;
}

@ObjectType('PseudonymisedChild')
export class PseudonymisedChildModel {
  @Field(() => String, { nullable: true, description: 'keyed hash id, stable for your organisation only' })
  pseudoId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: `YYYY-MM; in shared rows YYYY or null ${RARE}`,
  })
  birthMonth!: string | null;
  @Field(() => String, {
    nullable: true,
    description: `e.g. "AB1 2"; in shared rows the district ("AB1") or null ${RARE}`,
  })
  postcodeSector!: string | null;
  @Field(() => String, { nullable: true, description: `in shared rows null ${RARE}` })
  sex!: string | null;
  @Field(() => String, { nullable: true, description: 'group of the current (else latest) placement' })
  placementGroup!: string | null;
  @Field(() => Boolean, { nullable: true }) ehcPlan!: boolean | null;
  @Field(() => Boolean, { nullable: true }) lookedAfter!: boolean | null;
  @Field(() => [PseudonymisedPlacementModel], { nullable: true }) placements!:
    PseudonymisedPlacementModel[] | null;
  @Field(() => Float, { nullable: true }) totalCostGbp!: number | null;
}

@ObjectType('PseudonymisedPage')
export class PseudonymisedPageModel {
  @Field(() => [PseudonymisedChildModel]) rows!: PseudonymisedChildModel[];
  @Field(() => String, { nullable: true, description: 'opaque; pass as `after`' }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

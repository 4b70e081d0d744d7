import type { PlacementGroup } from './placement-types';

/**
 * Usual weekly unit costs per placement group, in pounds, and where each band came from. A weekly
 * rate below half the band's floor or above twice its ceiling is reported as an anomaly: rates do
 * vary (needs, solo placements, emergency beds), so only rates far outside the band are flagged.
 *
 * Sources:
 * - in-house fostering: The Fostering Network / DfE national minimum fostering allowances 2024-25
 *   (about £170–£300 a week by age) plus typical council fee elements — "a few hundred pounds".
 * - agency fostering: issue 5 ("about £800–1,100"), consistent with the CMA children's social care
 *   market study final report (March 2022), average IFA weekly fee about £820.
 * - children's homes: issue 5 (£4,000–7,000 with a tail above £10,000); CMA 2022 average about
 *   £4,000–£5,000 a week, with placements above £10,000 a week for complex needs.
 * - secure: CMA 2022 and the Secure Welfare Coordination Unit: secure children's home beds about
 *   £6,000–£12,000 a week.
 * - supported accommodation: Ofsted-registered supported accommodation (2023 reforms), commonly
 *   £500–£2,500 a week depending on support hours.
 * - placed with parents / adoption / other: no usual band (allowances vary or nothing is paid).
 */
export interface CostBand {
  low: number;
  high: number;
}

export const WEEKLY_COST_BANDS: Readonly<Partial<Record<PlacementGroup, CostBand>>> = {
  fostering_in_house: { low: 150, high: 700 },
  fostering_agency: { low: 750, high: 1200 },
  childrens_home: { low: 3500, high: 8000 },
  secure: { low: 6000, high: 12000 },
  supported_accommodation: { low: 500, high: 2500 },
};

/** How far outside the band counts as "far": below low × 0.5 or above high × 2. */
export const FAR_BELOW_FACTOR = 0.5;
export const FAR_ABOVE_FACTOR = 2;

/** The high-cost flag in issue 5: £10,000 a week or more. */
export const HIGH_COST_WEEKLY_GBP = 10000;

export function isFarFromBand(group: PlacementGroup, weeklyRate: number): boolean {
  const band = WEEKLY_COST_BANDS[group];
  if (!band) return false;
  return weeklyRate < band.low * FAR_BELOW_FACTOR || weeklyRate > band.high * FAR_ABOVE_FACTOR;
}

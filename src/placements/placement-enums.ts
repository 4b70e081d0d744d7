import { registerEnumType } from '@nestjs/graphql';
import { COST_DIMENSIONS } from './cost-analysis.service';
import { COST_ANOMALY_KINDS } from './placement-cost.service';
import { LINK_METHODS } from './payment-linking.service';
import { PLACEMENT_GROUPS } from './placement-types';

/** GraphQL enums whose values are the same strings the services and the database use. */
function asEnum<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
}

export const PaymentLinkMethodEnum = asEnum(LINK_METHODS);
export const PlacementGroupEnum = asEnum(PLACEMENT_GROUPS);
export const CostDimensionEnum = asEnum(COST_DIMENSIONS);
export const CostAnomalyKindEnum = asEnum(COST_ANOMALY_KINDS);

registerEnumType(PaymentLinkMethodEnum, {
  name: 'PaymentLinkMethod',
  description: 'how a payment was linked to its placement, in the order the methods are tried (manual overrides all)',
});
registerEnumType(PlacementGroupEnum, {
  name: 'PlacementGroup',
  description: 'SSDA903 PLACE codes grouped for comparison; fostering split in-house/agency by provider',
});
registerEnumType(CostDimensionEnum, { name: 'CostDimension', description: 'what a cost analysis groups by' });
registerEnumType(CostAnomalyKindEnum, { name: 'CostAnomalyKind' });

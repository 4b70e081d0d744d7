import type { PlacementGroup } from './placement-types';
import type { LinkMethod } from './payment-linking.service';

/** A placement as services return it (dates ISO strings, money as numbers in pounds). */
export interface PlacementRecord {
  placementId: string;
  laChildId: string | null;
  personId: string | null;
  startDate: string | null;
  endDate: string | null;
  placementType: string | null;
  placementGroup: PlacementGroup;
  providerId: string | null;
  providerName: string | null;
  reasonForChange: string | null;
}

export interface PaymentRecord {
  paymentId: string;
  providerId: string | null;
  providerName: string | null;
  placementRef: string | null;
  clientRef: string | null;
  clientName: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  amountGbp: number | null;
  weeklyRateGbp: number | null;
  costCode: string | null;
  paidOn: string | null;
  placementId: string | null;
  linkMethod: LinkMethod | null;
  linkConfidence: number | null;
}

import { endNotBeforeStart, type FeedSchema } from './feed-schema';

/**
 * Placement payments from the finance system. placement_ref is often missing (the payment then
 * links by client and provider), so only the payment's own facts are required. Amounts may be
 * negative: refunds and recoveries are real payments.
 */
export const FINANCE_PAYMENTS: FeedSchema = {
  feed: 'finance-payments',
  columns: [
    { name: 'payment_id', type: 'text', required: true },
    { name: 'provider_id', type: 'text' },
    { name: 'provider_name', type: 'text' },
    { name: 'placement_ref', type: 'text' },
    { name: 'client_ref', type: 'text' },
    { name: 'client_name', type: 'text' },
    { name: 'period_start', type: 'date', required: true, future: 'allow' },
    { name: 'period_end', type: 'date', required: true, future: 'allow' },
    { name: 'amount_gbp', type: 'decimal', required: true },
    { name: 'weekly_rate_gbp', type: 'decimal' },
    { name: 'cost_code', type: 'text' },
    { name: 'paid_on', type: 'date', future: 'reject' },
  ],
  sourceId: ['payment_id'],
  checks: [endNotBeforeStart('period_start', 'period_end')],
};

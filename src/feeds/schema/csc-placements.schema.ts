import { SSDA903_PLACE_CODES } from '../../placements/placement-types';
import { endNotBeforeStart, type FeedSchema } from './feed-schema';

/** One row per placement episode; placement_type is the SSDA903 PLACE code. */
export const CSC_PLACEMENTS: FeedSchema = {
  feed: 'csc-placements',
  columns: [
    { name: 'placement_id', type: 'text', required: true },
    { name: 'la_child_id', type: 'text', required: true },
    { name: 'start_date', type: 'date', required: true, future: 'allow' },
    { name: 'end_date', type: 'date', future: 'allow' },
    {
      name: 'placement_type',
      type: 'enum',
      required: true,
      values: Object.fromEntries(Object.keys(SSDA903_PLACE_CODES).map((code) => [code, []])),
    },
    { name: 'provider_id', type: 'text' },
    { name: 'provider_name', type: 'text' },
    { name: 'placement_postcode', type: 'text', identifier: 'postcode' },
    { name: 'reason_for_change', type: 'text' },
  ],
  sourceId: ['placement_id'],
  checks: [endNotBeforeStart('start_date', 'end_date')],
};

import { endNotBeforeStart, FEED_NAMES, type FeedSchema } from './feed-schema';

/**
 * Consent and legal basis records. The feed has no id column: a record is the subject, purpose,
 * recipient and start date together, so a withdrawal dated later is a new record (history kept)
 * while a corrected status for the same start is a new version of the same record.
 */
export const CONSENTS: FeedSchema = {
  feed: 'consents',
  columns: [
    {
      name: 'subject_feed',
      type: 'enum',
      required: true,
      values: Object.fromEntries(FEED_NAMES.map((f) => [f, []])),
    },
    { name: 'subject_id', type: 'text', required: true },
    { name: 'purpose', type: 'text', required: true },
    { name: 'recipient', type: 'text' },
    {
      name: 'basis',
      type: 'enum',
      required: true,
      values: { consent: [], public_task: ['PUBLIC TASK'], safeguarding: [] },
    },
    { name: 'status', type: 'enum', required: true, values: { granted: [], refused: [], withdrawn: [] } },
    { name: 'valid_from', type: 'date', required: true, future: 'allow' },
    { name: 'valid_to', type: 'date', future: 'allow' },
    { name: 'recorded_by', type: 'text' },
  ],
  sourceId: ['subject_feed', 'subject_id', 'purpose', 'recipient', 'valid_from'],
  checks: [endNotBeforeStart('valid_from', 'valid_to')],
};

import { CONSENTS } from './consents.schema';
import { CSC_CHILDREN } from './csc-children.schema';
import { CSC_PLACEMENTS } from './csc-placements.schema';
import { EDUCATION_PUPILS } from './education-pupils.schema';
import { FEED_NAMES, type FeedName, type FeedSchema } from './feed-schema';
import { FINANCE_PAYMENTS } from './finance-payments.schema';
import { HEALTH_PATIENTS } from './health-patients.schema';

export * from './feed-schema';

export const FEED_SCHEMAS: Readonly<Record<FeedName, FeedSchema>> = {
  'csc-children': CSC_CHILDREN,
  'csc-placements': CSC_PLACEMENTS,
  'education-pupils': EDUCATION_PUPILS,
  'health-patients': HEALTH_PATIENTS,
  'finance-payments': FINANCE_PAYMENTS,
  consents: CONSENTS,
};

export function feedSchema(feed: string): FeedSchema {
  const schema = (FEED_SCHEMAS as Readonly<Record<string, FeedSchema>>)[feed];
  if (!schema) throw new Error(`unknown feed "${feed}"; choose from ${FEED_NAMES.join(', ')}`);
  return schema;
}

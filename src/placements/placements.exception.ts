import { GraphQLError } from 'graphql';

export enum PlacementErrorCode {
  PaymentNotFound = 'PAYMENT_NOT_FOUND',
  PlacementNotFound = 'PLACEMENT_NOT_FOUND',
  PersonNotFound = 'PERSON_NOT_FOUND',
  ReasonRequired = 'REASON_REQUIRED',
  BadDate = 'BAD_DATE',
}

/** A placements/finance rule broken by the request; resolvers turn it into a GraphQL error. */
export class PlacementException extends Error {
  constructor(
    readonly code: PlacementErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PlacementException';
  }
}

function graphqlCode(code: PlacementErrorCode): string {
  switch (code) {
    case PlacementErrorCode.PaymentNotFound:
    case PlacementErrorCode.PlacementNotFound:
    case PlacementErrorCode.PersonNotFound:
      return 'NOT_FOUND';
    case PlacementErrorCode.ReasonRequired:
    case PlacementErrorCode.BadDate:
      return 'BAD_USER_INPUT';
  }
}

/** Domain errors keep their message and code; anything else is left for the global error mask. */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof PlacementException) {
    return new GraphQLError(error.message, { extensions: { code: graphqlCode(error.code), reason: error.code } });
  }
  return error;
}

/** An as-of date from the API: ISO YYYY-MM-DD, or today (UTC) when absent. */
export function asOfDate(value: string | null | undefined, today = new Date()): string {
  if (value === null || value === undefined || value === '') return today.toISOString().slice(0, 10);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const parsed = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!parsed || parsed.toISOString().slice(0, 10) !== value) {
    throw new PlacementException(PlacementErrorCode.BadDate, 'asOf must be a date YYYY-MM-DD');
  }
  return value;
}

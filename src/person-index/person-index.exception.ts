import { GraphQLError } from 'graphql';

export enum PersonIndexErrorCode {
  PersonNotFound = 'PERSON_NOT_FOUND',
  RecordNotLinked = 'RECORD_NOT_LINKED',
  SamePerson = 'SAME_PERSON',
  InvalidSplit = 'INVALID_SPLIT',
  ReviewItemNotFound = 'REVIEW_ITEM_NOT_FOUND',
  ReviewItemClosed = 'REVIEW_ITEM_CLOSED',
  ReasonRequired = 'REASON_REQUIRED',
  /** Pre- and post-adoption identities, or different valid NHS numbers: never one person. */
  ForbiddenLink = 'FORBIDDEN_LINK',
}

/** A steward's request the index cannot carry out; the message never carries personal data. */
export class PersonIndexException extends Error {
  constructor(
    readonly code: PersonIndexErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PersonIndexException';
  }
}

/** One place maps codes to GraphQL errors; a new code that is not handled fails to compile. */
export function toGraphQLError(error: unknown): unknown {
  if (!(error instanceof PersonIndexException)) return error;
  const extensionCode = ((): string => {
    switch (error.code) {
      case PersonIndexErrorCode.PersonNotFound:
      case PersonIndexErrorCode.RecordNotLinked:
      case PersonIndexErrorCode.ReviewItemNotFound:
        return 'NOT_FOUND';
      case PersonIndexErrorCode.SamePerson:
      case PersonIndexErrorCode.InvalidSplit:
      case PersonIndexErrorCode.ReviewItemClosed:
      case PersonIndexErrorCode.ReasonRequired:
      case PersonIndexErrorCode.ForbiddenLink:
        return 'BAD_USER_INPUT';
    }
  })();
  return new GraphQLError(error.message, { extensions: { code: extensionCode, reason: error.code } });
}

import { GraphQLError } from 'graphql';

export enum AccessErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  /** A child the caller may not see and a child that does not exist are the same answer. */
  NotFound = 'NOT_FOUND',
  RateLimited = 'RATE_LIMITED',
  BadInput = 'BAD_USER_INPUT',
}

/** Access failures inside services; resolvers surface them through toGraphQLError. */
export class AccessException extends Error {
  constructor(
    readonly code: AccessErrorCode,
    message?: string,
  ) {
    super(message ?? defaultMessage(code));
    this.name = 'AccessException';
  }
}

function defaultMessage(code: AccessErrorCode): string {
  switch (code) {
    case AccessErrorCode.Unauthenticated:
      return 'authentication required';
    case AccessErrorCode.Forbidden:
      return 'forbidden';
    case AccessErrorCode.NotFound:
      return 'not found';
    case AccessErrorCode.RateLimited:
      return 'too many requests';
    case AccessErrorCode.BadInput:
      return 'invalid input';
  }
}

function httpStatus(code: AccessErrorCode): number {
  switch (code) {
    case AccessErrorCode.Unauthenticated:
      return 401;
    case AccessErrorCode.Forbidden:
      return 403;
    case AccessErrorCode.NotFound:
      return 200;
    case AccessErrorCode.RateLimited:
      return 429;
    case AccessErrorCode.BadInput:
      return 400;
  }
}

export function accessError(code: AccessErrorCode, message?: string): GraphQLError {
  const status = httpStatus(code);
  return new GraphQLError(message ?? defaultMessage(code), {
    extensions: { code, ...(status !== 200 ? { http: { status } } : {}) },
  });
}

export function notFound(): GraphQLError {
  return accessError(AccessErrorCode.NotFound);
}

import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { PersonIndexException, toGraphQLError } from './person-index.exception';

/** Steward requests the index refuses reach GraphQL callers as mapped errors (codes, no data). */
@Catch(PersonIndexException)
export class PersonIndexExceptionFilter implements GqlExceptionFilter {
  catch(exception: PersonIndexException): unknown {
    return toGraphQLError(exception);
  }
}

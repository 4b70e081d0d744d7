import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { GraphQLError } from 'graphql';
import { AccessException, accessError } from './access.exception';

/** Services throw AccessException; GraphQL callers get the mapped error, nothing more. */
@Catch(AccessException)
export class AccessExceptionFilter implements GqlExceptionFilter {
  catch(exception: AccessException): GraphQLError {
    return accessError(exception.code, exception.message);
  }
}

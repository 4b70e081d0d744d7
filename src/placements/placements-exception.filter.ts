import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { PlacementException, toGraphQLError } from './placements.exception';

/** Placement and finance rules broken by a request reach GraphQL callers as mapped errors. */
@Catch(PlacementException)
export class PlacementExceptionFilter implements GqlExceptionFilter {
  catch(exception: PlacementException): unknown {
    return toGraphQLError(exception);
  }
}

import request from 'supertest';
import type { INestApplication } from '@nestjs/common';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: Array<{ message: string; extensions?: { code?: string } }> | undefined;
}

/** POST a GraphQL operation with optional bearer token and extra headers. */
export async function gql<T = Record<string, unknown>>(
  app: INestApplication,
  query: string,
  options: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  let req = request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
  if (options.token) req = req.set('authorization', `Bearer ${options.token}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
  const res = await req.send({ query, variables: options.variables ?? {} });
  const body = res.body as { data?: T | null; errors?: GraphQLResponse['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}

export function errorCode(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

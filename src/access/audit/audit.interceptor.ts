import {
  Inject,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import {
  getNamedType,
  isObjectType,
  Kind,
  type GraphQLResolveInfo,
  type GraphQLType,
  type SelectionSetNode,
} from 'graphql';
import { mergeMap, type Observable } from 'rxjs';
import { FIELD_POLICY } from '../policy/field-policy';
import type { RequestLike } from '../authorized.decorator';
import { AuditService } from './audit.service';
import { isPersonId } from '../../person-index/person-id';
import { MAX_SELECTION_NESTING } from '../policy/selection-check';

export const SELF_AUDITED = 'childlink:self-audited';
const MAX_IDS = 1000;

/** The resolver's service writes its own, finer audit row (fields as the policy granted them). */
export const AuditedByService = (): MethodDecorator & ClassDecorator => SetMetadata(SELF_AUDITED, true);

/** The resolver's reads are audited by AuditInterceptor (what it returns, the fields asked for). */
export const Audited = (): MethodDecorator & ClassDecorator => UseInterceptors(AuditInterceptor);

/** The metadata a key has on each of these targets (a resolver method, its class), where set. */
export function metadataOn(key: string, ...targets: object[]): unknown[] {
  return targets.map((target) => Reflect.getMetadata(key, target) as unknown).filter((v) => v !== undefined);
}

/** Whether a resolver method (or its class) is @AuditedByService or has AuditInterceptor bound. */
export function auditedHandler(handler: object, resolver: object): boolean {
  return (
    metadataOn(SELF_AUDITED, handler, resolver).includes(true) ||
    metadataOn(INTERCEPTORS_METADATA, handler, resolver).some(
      (list) => Array.isArray(list) && list.includes(AuditInterceptor),
    )
  );
}

function reachesPersonData(type: GraphQLType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (!isObjectType(named) || seen.has(named.name)) return false;
  if (FIELD_POLICY[named.name]) return true;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => reachesPersonData(field.type, seen));
}

/** Selected field paths (fragments expanded), e.g. "person.golden.forename". */
function selectedPaths(info: GraphQLResolveInfo): string[] {
  const paths: string[] = [];
  const walk = (set: SelectionSetNode | undefined, prefix: string, depth: number): void => {
    if (!set) return;
    // The selection check refuses anything deeper, so this never drops a field silently.
    if (depth > MAX_SELECTION_NESTING) {
      paths.push(`${prefix}.…`);
      return;
    }
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const path = `${prefix}.${selection.name.value}`;
        if (selection.selectionSet) walk(selection.selectionSet, path, depth + 1);
        else paths.push(path);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, prefix, depth + 1);
      } else {
        walk(info.fragments[selection.name.value]?.selectionSet, prefix, depth + 1);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, info.fieldName, 0);
  return paths;
}

/** Person ids in the arguments and the result (bounded walk). */
function personIdsIn(values: unknown[]): string[] {
  const found = new Set<string>();
  const stack = [...values];
  let visited = 0;
  while (stack.length > 0 && visited < 50_000 && found.size < MAX_IDS) {
    const value = stack.pop();
    visited += 1;
    if (typeof value === 'string') {
      if (isPersonId(value)) found.add(value);
    } else if (Array.isArray(value)) {
      stack.push(...(value as unknown[]));
    } else if (value && typeof value === 'object' && !(value instanceof Date)) {
      stack.push(...(Object.values(value) as unknown[]));
    }
  }
  return [...found];
}

/**
 * Audits every GraphQL query or mutation that can return person-level data and whose service does
 * not write its own audit row (the person index, feeds and placements resolvers): who, role,
 * purpose, the person ids in the arguments and result, and the field paths selected. Written
 * before the response leaves; if the audit cannot be written, the data is not returned.
 *
 * Bound with @Audited() on those resolvers rather than globally: a global interceptor puts every
 * resolver call, the self-audited hot paths included, through Nest's deferred interceptor chain
 * (an AsyncResource per link). AuditCoverageCheck refuses to start a service with a root resolver
 * that is neither @Audited, @AuditedByService nor public, so none can be left unaudited.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const root = info.parentType.name;
    if (root !== info.schema.getQueryType()?.name && root !== info.schema.getMutationType()?.name)
      return next.handle();
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(SELF_AUDITED, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return next.handle();
    }
    const auth = gql.getContext<{ req?: RequestLike }>().req?.auth;
    if (!auth || !reachesPersonData(info.returnType)) return next.handle();
    const args: unknown = gql.getArgs();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.audit.record({
          auth,
          operation: `${root}.${info.fieldName}`,
          personIds: personIdsIn([args, result]),
          fields: selectedPaths(info),
        });
        return result;
      }),
    );
  }
}

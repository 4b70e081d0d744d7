import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Role } from '../../src/access/auth-context';
import { PUBLIC_KEY, PUBLIC_OPERATIONS, ROLES_KEY } from '../../src/access/authorized.decorator';
import { FIELD_POLICY, NON_PERSON_TYPES, POLICY_BUILT_TYPES } from '../../src/access/policy/field-policy';
import { createTestApp, type TestApp } from '../support/test-app';

// @nestjs/graphql's metadata keys (graphql.constants.js): the resolver kind and the schema name.
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';

interface RootHandler {
  roles: Role[] | undefined;
  isPublic: boolean;
}

/** Every Query/Mutation handler in the running app, keyed "Query.name", with its guard metadata. */
function rootHandlers(t: TestApp): Map<string, RootHandler> {
  const handlers = new Map<string, RootHandler>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      const cls = (instance as { constructor: object }).constructor;
      for (const key of Object.getOwnPropertyNames(proto)) {
        // Descriptors, not property reads: reading a getter on a prototype can throw.
        const method: unknown = Object.getOwnPropertyDescriptor(proto, key)?.value;
        if (typeof method !== 'function' || key === 'constructor') continue;
        const kind: unknown = Reflect.getMetadata(RESOLVER_TYPE, method);
        if (kind !== 'Query' && kind !== 'Mutation') continue;
        const name = (Reflect.getMetadata(RESOLVER_NAME, method) as string | undefined) ?? key;
        const roles = (Reflect.getMetadata(ROLES_KEY, method) ?? Reflect.getMetadata(ROLES_KEY, cls)) as
          Role[] | undefined;
        const isPublic = Boolean(
          Reflect.getMetadata(PUBLIC_KEY, method) ?? Reflect.getMetadata(PUBLIC_KEY, cls),
        );
        handlers.set(`${kind}.${name}`, { roles, isPublic });
      }
    }
  }
  return handlers;
}

function objectTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  const roots = new Set([
    schema.getQueryType()?.name,
    schema.getMutationType()?.name,
    schema.getSubscriptionType()?.name,
  ]);
  return Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType =>
      isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name),
  );
}

/**
 * Object types a role can reach from a root field: through a policy type, only along fields the
 * policy grants the role (an ungranted field is null, so nothing behind it is reachable).
 */
function reachableFor(field: GraphQLField<unknown, unknown>, role: Role): GraphQLObjectType[] {
  const found = new Map<string, GraphQLObjectType>();
  const visit = (type: GraphQLObjectType): void => {
    if (found.has(type.name)) return;
    found.set(type.name, type);
    const policy = FIELD_POLICY[type.name];
    for (const [name, child] of Object.entries(type.getFields())) {
      if (policy && !(policy[name]?.some((grant) => grant.role === role) ?? false)) continue;
      const named = getNamedType(child.type);
      if (isObjectType(named)) visit(named);
    }
  };
  const named = getNamedType(field.type);
  if (isObjectType(named)) visit(named);
  return [...found.values()];
}

describe('the access policy covers the whole GraphQL schema', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    t = await createTestApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(async () => {
    await t.close();
  });

  it('every object type is either person-level with a policy entry for every field, or declared non-person', () => {
    const missing: string[] = [];
    for (const type of objectTypes(schema)) {
      if (NON_PERSON_TYPES[type.name] !== undefined) continue;
      const policy = FIELD_POLICY[type.name];
      if (!policy) {
        missing.push(`${type.name} (no policy)`);
        continue;
      }
      for (const field of Object.keys(type.getFields()))
        if (!policy[field]) missing.push(`${type.name}.${field}`);
    }
    expect(missing).toEqual([]);
  });

  it('the policy names no type or field the schema does not have (no stale entries)', () => {
    const stale: string[] = [];
    for (const [typeName, fields] of Object.entries(FIELD_POLICY)) {
      const type = schema.getType(typeName);
      if (!type || !isObjectType(type)) {
        stale.push(typeName);
        continue;
      }
      for (const field of Object.keys(fields))
        if (!type.getFields()[field]) stale.push(`${typeName}.${field}`);
    }
    expect(stale).toEqual([]);
  });

  it('every query and mutation is guarded: @Authorized(roles) or explicitly public', () => {
    const handlers = rootHandlers(t);
    const unguarded: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      for (const name of Object.keys(root?.getFields() ?? {})) {
        const key = `${root?.name}.${name}`;
        const handler = handlers.get(key);
        if (PUBLIC_OPERATIONS.has(key) || handler?.isPublic) continue;
        if (!handler?.roles || handler.roles.length === 0) unguarded.push(key);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('no resolver lets a role reach a non-nullable person-level field the policy does not grant that role', () => {
    const handlers = rootHandlers(t);
    const leaks: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      for (const [name, field] of Object.entries(root?.getFields() ?? {})) {
        const roles = handlers.get(`${root?.name}.${name}`)?.roles ?? [];
        for (const role of roles) {
          for (const type of reachableFor(field, role)) {
            const policy = FIELD_POLICY[type.name];
            if (!policy) continue;
            if (!Object.values(policy).some((rule) => rule.some((grant) => grant.role === role))) {
              leaks.push(`${root?.name}.${name} lets ${role} reach ${type.name}, which grants it nothing`);
              continue;
            }
            for (const [fieldName, child] of Object.entries(type.getFields())) {
              const granted = policy[fieldName]?.some((grant) => grant.role === role) ?? false;
              // A nullable field the policy does not grant is left null by PolicyService.build; a
              // non-null one would have to be filled, so it must be granted — unless the type is
              // served by another module, where selecting an ungranted field is refused outright.
              if (!granted && isNonNullType(child.type) && POLICY_BUILT_TYPES.has(type.name))
                leaks.push(`${root?.name}.${name} → ${type.name}.${fieldName} for ${role}`);
            }
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});

import { Inject, Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import { RESOLVER_NAME_METADATA, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import { PUBLIC_KEY, PUBLIC_OPERATIONS } from '../authorized.decorator';
import { AuditInterceptor, SELF_AUDITED } from './audit.interceptor';

const ROOT_TYPES = new Set(['Query', 'Mutation']);

function metadata(key: string, ...targets: object[]): unknown[] {
  return targets.map((target) => Reflect.getMetadata(key, target) as unknown).filter((v) => v !== undefined);
}

/**
 * The root operations (Type.field) of these resolver classes that nothing audits: not @Audited()
 * (AuditInterceptor bound), not @AuditedByService() (the service writes its own audit row), not
 * public (no person data).
 */
export function unauditedOperations(resolvers: readonly Type[]): string[] {
  const missing: string[] = [];
  for (const resolver of resolvers) {
    const proto = resolver.prototype as object;
    for (const method of Object.getOwnPropertyNames(proto)) {
      // Descriptors, not property reads: a getter on some provider's prototype has side effects.
      const handler: unknown = Object.getOwnPropertyDescriptor(proto, method)?.value;
      if (method === 'constructor' || typeof handler !== 'function') continue;
      const type = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as unknown;
      if (typeof type !== 'string' || !ROOT_TYPES.has(type)) continue;
      const field = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? method;
      const operation = `${type}.${field}`;
      const audited =
        metadata(SELF_AUDITED, handler, resolver).includes(true) ||
        metadata(PUBLIC_KEY, handler, resolver).includes(true) ||
        PUBLIC_OPERATIONS.has(operation) ||
        metadata(INTERCEPTORS_METADATA, handler, resolver).some(
          (list) => Array.isArray(list) && list.includes(AuditInterceptor),
        );
      if (!audited) missing.push(operation);
    }
  }
  return missing;
}

/** Refuses to start a service with a query or mutation whose reads would not be audited. */
@Injectable()
export class AuditCoverageCheck implements OnApplicationBootstrap {
  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const resolvers = new Set<Type>();
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as Type | null | undefined;
      if (wrapper.instance && typeof type === 'function' && type.prototype) resolvers.add(type);
    }
    const missing = unauditedOperations([...resolvers]);
    if (missing.length > 0)
      throw new Error(
        `not audited: ${missing.join(', ')} — mark each resolver @Audited(), @AuditedByService() or @Public()`,
      );
  }
}

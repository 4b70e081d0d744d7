import { Inject, Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { RESOLVER_NAME_METADATA, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import { PUBLIC_KEY, PUBLIC_OPERATIONS } from '../authorized.decorator';
import { auditedHandler, metadataOn } from './audit.interceptor';

const ROOT_TYPES = new Set(['Query', 'Mutation']);

/**
 * The root operations (Type.field) of these resolver classes that nothing audits: not @Audited()
 * (AuditInterceptor bound), not @AuditedByService() (the service writes its own audit row), not
 * public (no person data).
 */
export function unauditedOperations(resolvers: readonly Type[]): string[] {
  const missing: string[] = [];
  for (const resolver of resolvers) {
    // Own and inherited methods (a base resolver class's queries count too), nearest first.
    const seen = new Set<string>();
    const methods: Array<[string, unknown]> = [];
    for (
      let proto = resolver.prototype as object | null;
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto) as object | null
    ) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (seen.has(name)) continue;
        seen.add(name);
        // Descriptors, not property reads: a getter on some provider's prototype has side effects.
        methods.push([name, Object.getOwnPropertyDescriptor(proto, name)?.value]);
      }
    }
    for (const [method, handler] of methods) {
      if (method === 'constructor' || typeof handler !== 'function') continue;
      const type = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as unknown;
      if (typeof type !== 'string' || !ROOT_TYPES.has(type)) continue;
      const field = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? method;
      const operation = `${type}.${field}`;
      const audited =
        auditedHandler(handler, resolver) ||
        metadataOn(PUBLIC_KEY, handler, resolver).includes(true) ||
        PUBLIC_OPERATIONS.has(operation);
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
      // By class, whether or not an instance exists yet (request-scoped providers have none at boot).
      if (typeof type === 'function' && type.prototype) resolvers.add(type);
    }
    const missing = unauditedOperations([...resolvers]);
    if (missing.length > 0)
      throw new Error(
        `not audited: ${missing.join(', ')} — mark each resolver @Audited(), @AuditedByService() or @Public()`,
      );
  }
}

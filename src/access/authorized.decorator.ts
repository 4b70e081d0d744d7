import {
  createParamDecorator,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { AuthContext, Role } from './auth-context';
import { AuthenticationError, TokenService } from './token.service';
import { AccessErrorCode, AccessException } from './access.exception';
import { ACCESS_OPTIONS, type AccessOptions } from './access-options';
import { RateLimiter } from './rate-limiter';
import { ungrantedSelection } from './policy/selection-check';
import { auditedHandler } from './audit/audit.interceptor';

/**
 * Root fields that need no token, named here because their resolvers live outside access/:
 * liveness only, no person data. Everything else must carry @Authorized or @Public.
 */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set(['Query.serviceStatus']);

export const ROLES_KEY = 'childlink:roles';
const MIN_BREAK_GLASS_REASON = 10;
export const PUBLIC_KEY = 'childlink:public';

export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  auth?: AuthContext;
}

export function requestOf(context: ExecutionContext): RequestLike {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: RequestLike }>().req;
  }
  return context.switchToHttp().getRequest<RequestLike>();
}

function header(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The global guard (APP_GUARD): every GraphQL query and mutation is denied unless it is marked
 * @Authorized(...roles) — then the bearer token is verified, the purpose checked against the role,
 * the subject rate-limited, and the query's selection checked against the field policy — or
 * explicitly @Public() (no person data). HTTP routes (/health) are
 * not GraphQL and carry no person data.
 */
@Injectable()
export class AuthorizedGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(ACCESS_OPTIONS) options: AccessOptions,
  ) {
    this.limiter = new RateLimiter(options.rateLimit.perSecond, options.rateLimit.burst);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;
    const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
    if (PUBLIC_OPERATIONS.has(`${info.parentType.name}.${info.fieldName}`)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const req = requestOf(context);
    // Field resolvers of one request share the request's identity: verified once.
    if (!req.auth) {
      const authorization = header(req, 'authorization');
      const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
      try {
        if (!match?.[1]) throw new AuthenticationError();
        const auth = await this.tokens.verify(match[1], header(req, 'x-purpose'));
        const reason = header(req, 'x-break-glass-reason')?.trim();
        // Control characters stripped: the reason is free text that lands in the audit and its hash.
        const clean = reason?.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 500);
        req.auth = clean ? { ...auth, breakGlassReason: clean } : auth;
      } catch (error) {
        const message = error instanceof AuthenticationError ? error.message : 'authentication required';
        throw new AccessException(AccessErrorCode.Unauthenticated, message);
      }
      if (!this.limiter.take(req.auth.subject)) throw new AccessException(AccessErrorCode.RateLimited);
      // A break-glass reason is read by whoever reviews the audit: "x" is not a reason. Checked
      // before any child is looked up, so the refusal says nothing about the child.
      const reason = req.auth.breakGlassReason;
      if (reason !== undefined && reason.length < MIN_BREAK_GLASS_REASON) {
        throw new AccessException(
          AccessErrorCode.BadInput,
          `x-break-glass-reason must say why (at least ${MIN_BREAK_GLASS_REASON} characters)`,
        );
      }
    }
    if (!roles || !roles.includes(req.auth.role)) throw new AccessException(AccessErrorCode.Forbidden);
    const root = info.parentType.name;
    if (root === info.schema.getQueryType()?.name || root === info.schema.getMutationType()?.name) {
      // Fails closed, as well as at boot (AuditCoverageCheck): a query or mutation nothing audits
      // does not run (an internal error, masked), whatever way its resolver was registered.
      if (!auditedRoot(context.getHandler(), context.getClass()))
        throw new Error(`${root}.${info.fieldName} is not audited`);
      // Fields no grant gives this caller, on types other modules serve: refused before they are read.
      if (ungrantedSelection(info, req.auth) !== null) throw new AccessException(AccessErrorCode.Forbidden);
    }
    return true;
  }
}

/** Per resolver class and method (an inherited method may be audited in one subclass and not another). */
const AUDITED_ROOTS = new WeakMap<object, WeakMap<object, boolean>>();

function auditedRoot(handler: object, resolver: object): boolean {
  let byHandler = AUDITED_ROOTS.get(resolver);
  if (!byHandler) {
    byHandler = new WeakMap();
    AUDITED_ROOTS.set(resolver, byHandler);
  }
  let known = byHandler.get(handler);
  if (known === undefined) {
    known = auditedHandler(handler, resolver);
    byHandler.set(handler, known);
  }
  return known;
}

/** Deny by default: a resolver is reachable only by the roles named here. */
export function Authorized(...roles: Role[]): MethodDecorator & ClassDecorator {
  return SetMetadata(ROLES_KEY, roles);
}

/** A resolver that serves no person data and needs no token (e.g. serviceStatus). */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}

/** The authenticated caller, set by the guard. */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const auth = requestOf(context).auth;
  if (!auth) throw new AccessException(AccessErrorCode.Unauthenticated);
  return auth;
});

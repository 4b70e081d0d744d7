import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import type { AuthContext, Role } from './auth-context';
import { AuthenticationError, TokenService } from './token.service';

const ROLES_KEY = 'childlink:roles';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  auth?: AuthContext;
}

function requestOf(context: ExecutionContext): RequestLike {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: RequestLike }>().req;
  }
  return context.switchToHttp().getRequest<RequestLike>();
}

function header(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Authenticates the bearer token and checks the role; anything else is denied. */
@Injectable()
export class AuthorizedGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = requestOf(context);
    const authorization = header(req, 'authorization');
    const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    try {
      if (!match?.[1]) throw new AuthenticationError();
      const auth = this.tokens.verify(match[1], header(req, 'x-purpose'));
      const reason = header(req, 'x-break-glass-reason');
      req.auth = reason ? { ...auth, breakGlassReason: reason.slice(0, 500) } : auth;
    } catch (error) {
      const message = error instanceof AuthenticationError ? error.message : 'authentication required';
      throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
    }
    if (!roles || !roles.includes(req.auth.role)) {
      throw new GraphQLError('forbidden', { extensions: { code: 'FORBIDDEN' } });
    }
    return true;
  }
}

/** Deny by default: a resolver is reachable only by the roles named here. */
export function Authorized(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(AuthorizedGuard));
}

/** The authenticated caller, set by the guard. */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const auth = requestOf(context).auth;
  if (!auth) throw new GraphQLError('authentication required', { extensions: { code: 'UNAUTHENTICATED' } });
  return auth;
});

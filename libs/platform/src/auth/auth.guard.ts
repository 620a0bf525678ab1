import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';

import { AccessDeniedError, AuthenticationError } from '../errors/domain-error';
import { AuthenticatedRequest } from './current-principal.decorator';
import { JwtVerifier } from './jwt-verifier';
import { Role } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';

const BEARER = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)\s*$/i;

/** The JWT of an `Authorization: Bearer <jwt>` header, or undefined. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/** Global: every HTTP route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    // Request/reply handlers are reached only by NATS users the server authorises.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new AuthenticationError('TOKEN_MISSING', 'A valid bearer token is required.');
    const token = bearerTokenOf(header);
    if (!token) throw new AuthenticationError('TOKEN_INVALID', 'The Authorization header must be "Bearer <jwt>".');
    const principal = await this.verifier.verify(token);
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && required.length > 0 && !required.some((role) => principal.roles.includes(role))) {
      throw new AccessDeniedError();
    }
    return true;
  }
}

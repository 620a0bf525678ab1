import { createParamDecorator, ExecutionContext } from '@nestjs/common';

import { AuthenticationError } from '../errors/domain-error';
import { Principal } from './principal';

export interface AuthenticatedRequest {
  principal?: Principal;
}

export function principalOf(request: AuthenticatedRequest): Principal {
  if (!request.principal) throw new AuthenticationError('TOKEN_MISSING', 'A valid bearer token is required.');
  return request.principal;
}

/** The verified caller of a protected route. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

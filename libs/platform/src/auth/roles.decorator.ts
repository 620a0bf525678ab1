import { SetMetadata } from '@nestjs/common';

import { Role } from './principal';

export const REQUIRED_ROLES = 'opis:requiredRoles';

/** The caller needs at least one of these roles, else 403. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

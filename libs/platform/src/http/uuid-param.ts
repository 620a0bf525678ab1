import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

import { InvalidInputError } from '../errors/domain-error';

/** A path id that must be a uuid: anything else is a 400 naming it (rule isUUID). */
export const uuidPipe = (field: string): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputError([{ field, rule: 'isUUID', message: `${field} must be a UUID` }]) });

/** Documents a path id as a uuid, the form uuidPipe holds it to. */
export function ApiUuidParam(name: string, description: string): MethodDecorator & ClassDecorator {
  return ApiParam({ name, description, schema: { type: 'string', format: 'uuid' } });
}

/** A route's `:caseId` (the case's id in intake), held to a uuid: every service's case routes take it so. */
export const CaseIdParam = (): ParameterDecorator => Param('caseId', uuidPipe('caseId'));

import { applyDecorators, SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'opis:isPublic';

/**
 * @nestjs/swagger's key for an operation's security requirements: an empty list tells generated
 * clients the route takes no token, overriding the document's global bearer requirement.
 */
const SWAGGER_SECURITY = 'swagger/apiSecurity';

/** Opts a route (or controller) out of bearer authentication, and says so in the OpenAPI document: health, metrics, docs only. */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IS_PUBLIC, true), SetMetadata(SWAGGER_SECURITY, []));

import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'opis:isPublic';

/** Opts a route (or controller) out of bearer authentication: health, metrics, docs only. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

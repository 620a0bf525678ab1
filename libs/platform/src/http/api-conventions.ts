import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FastifyReply } from 'fastify';

import { DomainError } from '../errors/domain-error';
import { ErrorKind } from '../errors/error-kind';

/** Every list of every API (docs/api.md): a page of items and the cursor of the next, null at the end. */
export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null when this page is the last. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The query of every list: `limit` and `cursor`. Lists with filters extend it. */
export class PageQuery {
  @ApiPropertyOptional({ description: `Items per page (default ${DEFAULT_PAGE_SIZE})`, minimum: 1, maximum: MAX_PAGE_SIZE, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  public limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page, as it came' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  public cursor?: string;
}

/** Answers 201 with the Location of what the request created (docs/api.md). */
export function created(reply: FastifyReply, location: string): void {
  void reply.status(201).header('location', location);
}

/** Documents the 201 and its Location header on an operation that creates. */
export function ApiCreated(description: string): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status: 201, description, headers: { Location: { description: 'Where what was created can be read', schema: { type: 'string' } } } }),
  );
}

/** The entity tag of a version of a resource: a strong tag of its version counter. */
export function entityTag(version: number | string): string {
  return `"${version}"`;
}

/** Sets the ETag of the representation answered, for a client to send back as If-Match. */
export function tagResponse(reply: FastifyReply, version: number | string): void {
  void reply.header('etag', entityTag(version));
}

/**
 * Optimistic concurrency on a correction (docs/api.md): If-Match must name the current version.
 * Without it 428 (the change could overwrite one its author never saw); with another 412.
 */
export function assertIfMatch(ifMatch: string | undefined, currentVersion: number | string): void {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new DomainError({
      kind: ErrorKind.PRECONDITION_REQUIRED,
      code: 'IF_MATCH_REQUIRED',
      detail: 'A correction needs If-Match with the ETag of the version it corrects: read the resource first.',
      violations: [{ field: 'If-Match', rule: 'required', message: 'If-Match must carry the ETag last read' }],
    });
  }
  const current = entityTag(currentVersion);
  const offered = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (!offered.includes(current) && !offered.includes('*')) {
    throw new DomainError({
      kind: ErrorKind.PRECONDITION_FAILED,
      code: 'VERSION_CHANGED',
      detail: 'Someone changed this since you read it: read it again and reapply your change.',
      violations: [{ field: 'If-Match', rule: 'currentVersion', message: `If-Match must be ${current}` }],
    });
  }
}

/** Documents If-Match on a correction (412 and 428 follow in the document). */
export function ApiIfMatch(): MethodDecorator {
  return applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the version this corrects, as the last read answered it', schema: { type: 'string' } }),
  );
}

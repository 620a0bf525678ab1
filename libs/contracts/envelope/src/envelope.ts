import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { OFFICE_CODES, OfficeCode } from './offices';
import { EventName, eventType } from './subject';
import { uuidv7 } from './uuid-v7';

export const ACTOR_KINDS = ['officer', 'service', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who did it: a pseudonymous subject (token `sub` or service name), never a person's name. */
export class EventActor {
  @IsIn(ACTOR_KINDS)
  public kind!: ActorKind;

  @IsString()
  @MaxLength(200)
  public id!: string;
}

/**
 * The envelope every OPIS event travels in. `data` is validated by the event's own class.
 * Carries no personal data beyond what ARCHITECTURE.md allows (case id, office, categories).
 */
export class EventEnvelope<TData extends object = object> {
  @IsUUID()
  public id!: string;

  @IsString()
  @Matches(/^[a-z-]+\.[a-z-]+\.[a-z-]+$/)
  public type!: string;

  @IsInt()
  @Min(1)
  public version!: number;

  @IsISO8601({ strict: true })
  public occurredAt!: string;

  @IsUUID()
  public caseId!: string;

  @IsIn(OFFICE_CODES)
  public officeCode!: OfficeCode;

  @ValidateNested()
  @Type(() => EventActor)
  public actor!: EventActor;

  /** The request that started it (its X-Request-Id), carried on by every event it caused. */
  @IsUUID()
  public correlationId!: string;

  /** The event whose handling wrote this one; absent for an event a request wrote. */
  @IsOptional()
  @IsUUID()
  public causationId?: string;

  /**
   * The case's version in the producing service's stream: 1 for the service's first event about
   * the case, then one more per event, given by the outbox in the transaction that writes the
   * change (under the case's row lock). Consumers apply a case's events in this order, once; the
   * stream sequence is a delivery position, never a version.
   */
  @IsInt()
  @Min(1)
  public caseVersion!: number;

  @IsObject()
  public data!: TData;
}

export interface NewEvent<TData extends object> {
  name: EventName;
  caseId: string;
  officeCode: OfficeCode;
  actor: EventActor;
  correlationId?: string;
  causationId?: string;
  /** Only where no outbox numbers the event (tests that publish directly); the outbox sets it. */
  caseVersion?: number;
  occurredAt?: Date;
  data: TData;
}

export function createEnvelope<TData extends object>(event: NewEvent<TData>): EventEnvelope<TData> {
  const id = uuidv7();
  return {
    id,
    type: eventType(event.name),
    version: event.name.version,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    caseId: event.caseId,
    officeCode: event.officeCode,
    actor: { kind: event.actor.kind, id: event.actor.id },
    correlationId: event.correlationId ?? id,
    ...(event.causationId ? { causationId: event.causationId } : {}),
    caseVersion: event.caseVersion ?? 1,
    data: event.data,
  };
}

import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { defineEvent, EventContract } from '@opis/contracts-envelope';
import { CaseCategories } from '@opis/contracts-intake';
import { PROTECTION_CONCERNS, ProtectionConcern } from '@opis/contracts-legal-status';

import {
  CALL_OUTCOMES,
  CallOutcome,
  CHILD_WISHES,
  ChildWish,
  CONSULAR_MEANS,
  CONSULAR_PURPOSES,
  ConsularMeans,
  ConsularPurpose,
  HANDOVER_PLACE_KINDS,
  HandoverPlaceKind,
  KINSHIP_EVIDENCE,
  KinshipEvidence,
  LOCATION_CHANNELS,
  LocationChannel,
  RELATIONSHIPS,
  Relationship,
  RISK_INDICATORS,
  RiskIndicator,
} from '../vocabulary/family-vocabulary';

/*
 * Data minimisation (ARCHITECTURE.md): family-contact events name people only by an id and a
 * relationship. Names, phone numbers, places and notes stay encrypted in family-contact.
 */

// Named apart from legal-status's record: JSON Schemas are keyed by class name, and two payload
// classes of one name merge into one schema wherever both libraries are loaded.
export class FamilyRecordOpenedV1 extends CaseCategories {
  @IsISO8601({ strict: true })
  public registeredAt!: string;

  /** Intake's `detectedAt`, DOMAIN.md's T0, from which the first call is due. */
  @IsOptional()
  @IsISO8601({ strict: true })
  public detectedAt?: string;

  /** The first free phone call is due by then (a configurable time from detection; from registration before issue 18). */
  @IsISO8601({ strict: true })
  public firstCallDueAt!: string;
}

export const recordOpenedV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'record', event: 'opened', version: 1 },
  dataClass: FamilyRecordOpenedV1,
  semantics: 'snapshot',
  description: 'Family-contact opened its record for a registered case; the first-call clock runs from detection (T0).',
  example: {
    ageBand: '12-17',
    sex: 'F',
    nationality: 'GT',
    accompaniment: 'UNACCOMPANIED',
    registeredAt: '2026-11-29T14:10:00.000Z',
    detectedAt: '2026-11-29T14:05:00.000Z',
    firstCallDueAt: '2026-11-30T14:05:00.000Z',
  },
});

export class CallLoggedV1 {
  @IsUUID()
  public callId!: string;

  /** The person called; absent when the child declined the offered call. */
  @IsOptional()
  @IsUUID()
  public contactId?: string;

  @IsOptional()
  @IsIn(RELATIONSHIPS)
  public relationship?: Relationship;

  @IsIn(CALL_OUTCOMES)
  public outcome!: CallOutcome;

  @IsISO8601({ strict: true })
  public calledAt!: string;

  @IsInt()
  @Min(0)
  public durationSeconds!: number;

  /** LM-18: an interpreter took part because the child does not (fully) speak Spanish. */
  @IsBoolean()
  public interpreterUsed!: boolean;

  @IsBoolean()
  public firstCall!: boolean;
}

export const callLoggedV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'call', event: 'logged', version: 1 },
  dataClass: CallLoggedV1,
  semantics: 'change',
  description: 'A free phone call was offered to the child and made or declined. No numbers.',
  example: {
    callId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d10',
    contactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11',
    relationship: 'PARENT',
    outcome: 'REACHED',
    calledAt: '2026-11-29T16:00:00.000Z',
    durationSeconds: 420,
    interpreterUsed: true,
    firstCall: true,
  },
});

export class CallOverdueV1 {
  @IsISO8601({ strict: true })
  public registeredAt!: string;

  /** Intake's `detectedAt` (T0), from which the call was due; absent for records opened before it was kept. */
  @IsOptional()
  @IsISO8601({ strict: true })
  public detectedAt?: string;

  @IsISO8601({ strict: true })
  public dueAt!: string;
}

export const callOverdueV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'call', event: 'overdue', version: 1 },
  dataClass: CallOverdueV1,
  semantics: 'change',
  description: 'No phone call was offered to the child by the first-call deadline. Raised once per case.',
  example: { registeredAt: '2026-11-29T14:10:00.000Z', detectedAt: '2026-11-29T14:05:00.000Z', dueAt: '2026-11-30T14:05:00.000Z' },
});

export class MemberLocatedV1 {
  @IsUUID()
  public contactId!: string;

  @IsIn(RELATIONSHIPS)
  public relationship!: Relationship;

  @IsIn(LOCATION_CHANNELS)
  public via!: LocationChannel;

  @IsISO31661Alpha2()
  public country!: string;

  @IsISO8601({ strict: true })
  public locatedAt!: string;
}

export const memberLocatedV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'member', event: 'located', version: 1 },
  dataClass: MemberLocatedV1,
  semantics: 'change',
  description: 'A family member or named adult was located; verification starts (DOMAIN.md 4.3).',
  example: {
    contactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11',
    relationship: 'PARENT',
    via: 'CALL',
    country: 'GT',
    locatedAt: '2026-11-29T16:00:00.000Z',
  },
});

export class MemberVerifiedV1 {
  @IsUUID()
  public contactId!: string;

  @IsIn(RELATIONSHIPS)
  public relationship!: Relationship;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(KINSHIP_EVIDENCE, { each: true })
  public evidence!: KinshipEvidence[];

  @IsIn(CHILD_WISHES)
  public childWish!: ChildWish;

  @IsISO8601({ strict: true })
  public verifiedAt!: string;

  /**
   * Where the verified person lives (ISO 3166-1 alpha-2): a return needs the family, or the
   * authority taking guardianship, in the country of return (RP-06).
   */
  @IsOptional()
  @IsISO31661Alpha2()
  public countryOfResidence?: string;
}

export const memberVerifiedV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'member', event: 'verified', version: 1 },
  dataClass: MemberVerifiedV1,
  semantics: 'change',
  description:
    'Kinship or guardianship evidenced, the child heard, the risk screen clear and the Procuraduría vetting recorded (GD-05): a reunification option for the plan.',
  example: {
    contactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11',
    relationship: 'PARENT',
    evidence: ['BIRTH_CERTIFICATE', 'CONSULAR_CONFIRMATION'],
    childWish: 'WANTS_REUNIFICATION',
    verifiedAt: '2026-12-02T10:00:00.000Z',
    countryOfResidence: 'GT',
  },
});

export class MemberFlaggedV1 {
  @IsUUID()
  public contactId!: string;

  @IsIn(RELATIONSHIPS)
  public relationship!: Relationship;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(RISK_INDICATORS, { each: true })
  public riskIndicators!: RiskIndicator[];

  @IsISO8601({ strict: true })
  public flaggedAt!: string;

  /** The flag holds fear of return or a protection need that legal-status must act on (INV-01, GD-08). */
  @IsOptional()
  @IsIn(PROTECTION_CONCERNS)
  public protectionConcern?: ProtectionConcern;
}

export const memberFlaggedV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'member', event: 'flagged', version: 1 },
  dataClass: MemberFlaggedV1,
  semantics: 'change',
  description:
    'A person was flagged as a possible source of harm or trafficking: never a hand-over or return to them. `protectionConcern` says when the flag holds the child’s fear of return or a protection need, for legal-status to act on.',
  example: {
    contactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d12',
    relationship: 'AUNT_OR_UNCLE',
    riskIndicators: ['TRAFFICKING_SUSPECTED'],
    flaggedAt: '2026-12-02T10:00:00.000Z',
  },
});

export class ConsulateNotifiedV1 {
  /** The consulate's country (the child's nationality, usually). */
  @IsISO31661Alpha2()
  public country!: string;

  @IsIn(CONSULAR_PURPOSES)
  public purpose!: ConsularPurpose;

  @IsIn(CONSULAR_MEANS)
  public means!: ConsularMeans;

  @IsISO8601({ strict: true })
  public notifiedAt!: string;
}

export const consulateNotifiedV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'consulate', event: 'notified', version: 1 },
  dataClass: ConsulateNotifiedV1,
  semantics: 'change',
  description:
    'The consulate of the country of origin was contacted, after legal-status confirmed no protection need or claim (RP-05, RLM-05, INV-06).',
  example: { country: 'GT', purpose: 'FAMILY_TRACING', means: 'OFFICIAL_LETTER', notifiedAt: '2026-12-01T09:00:00.000Z' },
});

export class HandoverReceiver {
  @IsUUID()
  public contactId!: string;

  @IsIn(RELATIONSHIPS)
  public relationship!: Relationship;
}

export class HandoverPlace {
  @IsIn(HANDOVER_PLACE_KINDS)
  public kind!: HandoverPlaceKind;

  @IsISO31661Alpha2()
  public country!: string;
}

export class ReunifiedV1 {
  @IsUUID()
  public handoverId!: string;

  /** The officer who handed the child over (token subject, not a name). */
  @IsString()
  @MaxLength(200)
  public handedOverBy!: string;

  @ValidateNested()
  @Type(() => HandoverReceiver)
  public receivedBy!: HandoverReceiver;

  @ValidateNested()
  @Type(() => HandoverPlace)
  public place!: HandoverPlace;

  @IsISO8601({ strict: true })
  public handedOverAt!: string;
}

export const reunifiedV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'record', event: 'reunified', version: 1 },
  dataClass: ReunifiedV1,
  semantics: 'change',
  description:
    'The child was handed over to a verified family member, with a signed hand-over record (INV-08): a link of the custody chain.',
  example: {
    handoverId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d13',
    handedOverBy: 'opi-chp-0042',
    receivedBy: { contactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11', relationship: 'PARENT' },
    place: { kind: 'DIF_FACILITY', country: 'MX' },
    handedOverAt: '2026-12-05T12:00:00.000Z',
  },
});

/** What the child said that legal-status must act on, heard by family-contact's officers; never the words. */
export class ChildConcernStatedV1 {
  @IsUUID()
  public concernId!: string;

  @IsIn(PROTECTION_CONCERNS)
  public protectionConcern!: ProtectionConcern;

  @IsISO8601({ strict: true })
  public statedAt!: string;
}

export const childConcernStatedV1 = defineEvent({
  name: { service: 'family-contact', aggregate: 'child', event: 'concern-stated', version: 1 },
  dataClass: ChildConcernStatedV1,
  semantics: 'change',
  description:
    'During a call, tracing or verification the child stated fear of return, or the officer saw a protection need, about no one person in particular (gangs, threats at home): legal-status acts on it (INV-01, GD-08). The words stay in family-contact.',
  example: { concernId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d13', protectionConcern: 'FEAR_OF_RETURN', statedAt: '2026-12-02T10:00:00.000Z' },
});

/** Every family-contact event contract, for catalogs, consumers and tests. */
export const FAMILY_CONTACT_EVENTS: readonly EventContract[] = [
  recordOpenedV1,
  callLoggedV1,
  callOverdueV1,
  memberLocatedV1,
  memberVerifiedV1,
  memberFlaggedV1,
  consulateNotifiedV1,
  reunifiedV1,
  childConcernStatedV1,
];

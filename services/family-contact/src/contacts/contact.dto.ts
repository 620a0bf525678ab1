import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

import { CONTACT_WISHES, ContactStatus, ContactWish, RELATIONSHIPS, Relationship, TracingChannel } from '@opis/contracts-family-contact';
import { Page, PageQuery } from '@opis/platform';

/** Digits with an international prefix, spaces, dashes, dots or brackets: `+502 5555-1234`, `00502...`. */
export const PHONE_INPUT = /^(\+|00)[1-9][\d\s().-]{5,24}$/;
const PHONE_MESSAGE = 'must be an international number: + (or 00), country code and number';

export class CreateContactDto {
  @IsIn(RELATIONSHIPS)
  public relationship!: Relationship;

  @IsString()
  @Length(1, 200)
  public givenNames!: string;

  @IsString()
  @Length(1, 200)
  public familyNames!: string;

  @IsArray()
  @ArrayMaxSize(5)
  @Matches(PHONE_INPUT, { each: true, message: `each of phoneNumbers ${PHONE_MESSAGE}` })
  public phoneNumbers!: string[];

  /** Where the person lives (ISO 3166-1 alpha-2). */
  @IsISO31661Alpha2()
  public country!: string;

  /** Town, neighbourhood or address, as the child gives it. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  public place?: string;

  /** How the child knows them, in the child's words. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  public howKnown?: string;

  /** Whether the child wants this person contacted. */
  @IsIn(CONTACT_WISHES)
  public wantsContact!: ContactWish;
}

/** A page of the contacts with one number, newest first. */
export class PhoneSearchQuery extends PageQuery {
  @ApiProperty({
    description: 'The number sought, exact match on its digits: + (or 00), country code and number; spaces, dashes, dots and brackets are ignored',
    example: '+502 5555-1234',
    pattern: PHONE_INPUT.source,
  })
  @Matches(PHONE_INPUT, { message: `phone ${PHONE_MESSAGE}` })
  public phone!: string;
}

/** A person the child named, with names and numbers decrypted: only for officers and supervisors who may see the case. */
export interface ContactView {
  /** @format uuid */
  contactId: string;
  /** @format uuid */
  caseId: string;
  relationship: Relationship;
  givenNames: string;
  familyNames: string;
  /** The numbers in the order given, normalised to + and digits; `phoneId` names one in a call. */
  phoneNumbers: Array<{
    /** @format uuid */
    phoneId: string;
    number: string;
  }>;
  /** Where the person lives (ISO 3166-1 alpha-2). */
  country: string;
  place: string | null;
  howKnown: string | null;
  wantsContact: ContactWish;
  status: ContactStatus;
  /** @format date-time */
  locatedAt: string | null;
  /** A LocationChannel, spelt out: the response-schema generator cannot read the spread that defines it. */
  locatedVia: 'CALL' | TracingChannel | null;
  /** @format date-time */
  createdAt: string;
}

/**
 * A page of contacts, docs/api.md's list shape. Named, because the response-schema generator
 * refers to a generic `Page<ContactView>` by a component name it never writes.
 */
export interface ContactPage extends Page<ContactView> {
  items: ContactView[];
}

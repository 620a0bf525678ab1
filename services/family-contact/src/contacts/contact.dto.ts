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

import { CONTACT_WISHES, ContactWish, RELATIONSHIPS, Relationship } from '@opis/contracts-family-contact';

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

export class PhoneSearchQuery {
  @Matches(PHONE_INPUT, { message: `phone ${PHONE_MESSAGE}` })
  public phone!: string;
}

export interface ContactView {
  contactId: string;
  caseId: string;
  relationship: string;
  givenNames: string;
  familyNames: string;
  phoneNumbers: Array<{ phoneId: string; number: string }>;
  country: string;
  place: string | null;
  howKnown: string | null;
  wantsContact: string;
  status: string;
  locatedAt: string | null;
  locatedVia: string | null;
  createdAt: string;
}

import { Type } from 'class-transformer';
import { Equals, IsDefined, IsIn, IsISO31661Alpha2, IsString, IsUUID, Length, ValidateNested } from 'class-validator';

import { HANDOVER_PLACE_KINDS, HandoverPlaceKind } from '@opis/contracts-family-contact';
import { IsInstant } from '@opis/platform';

export class HandoverPlaceDto {
  @IsIn(HANDOVER_PLACE_KINDS)
  public kind!: HandoverPlaceKind;

  @IsISO31661Alpha2()
  public country!: string;

  /** The facility or address; stored encrypted, never in the event. */
  @IsString()
  @Length(2, 300)
  public description!: string;
}

/** INV-08: who handed over (the caller), who received, where and when, with the signed record. */
export class ReunifyDto {
  /** The verified family member who receives the child. */
  @IsUUID()
  public contactId!: string;

  @IsInstant()
  public handedOverAt!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => HandoverPlaceDto)
  public place!: HandoverPlaceDto;

  /** The identity document the receiver showed (type and number); stored encrypted. */
  @IsString()
  @Length(3, 200)
  public receiverIdentityDocument!: string;

  /** The number of the signed hand-over record (acta de entrega). */
  @IsString()
  @Length(1, 80)
  public handoverRecordNumber!: string;

  /**
   * RLM-01: the best-interests determination (Procuraduría plan, BIA or BID) the decision rests on:
   * its id or document reference as legal-status holds it for this case.
   */
  @IsString()
  @Length(1, 120)
  public bestInterestsReference!: string;

  @Equals(true, { message: 'the receiver must have signed the hand-over record (INV-08)' })
  public signedByReceiver!: boolean;
}

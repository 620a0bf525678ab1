import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

import { IsInstant } from '@opis/platform';
import { FACILITY_TYPES, FacilityType, NOTIFICATION_MEANS, NotificationMeans } from '@opis/contracts-intake';

import { CHANNELLING_FACILITY_TYPES } from '../cases/case-rules';

export class RecordProcuraduriaNotificationDto {
  @IsInstant()
  public notifiedAt!: string;

  /** Which Procuraduría was notified (federal, or the state's). */
  @IsString()
  @Length(2, 200)
  public procuraduria!: string;

  @IsString()
  @Length(2, 200)
  public officialName!: string;

  @IsIn(NOTIFICATION_MEANS)
  public means!: NotificationMeans;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  public reference?: string;
}

export class RecordDifChannellingDto {
  @IsInstant()
  public channelledAt!: string;

  // Only a DIF facility is offered (GD-06); the others stay accepted by validation so that the
  // rule refuses them by name (LM-08: never a migration station), audited.
  @JSONSchema((schema) => ({ ...schema, enum: [...CHANNELLING_FACILITY_TYPES] }))
  @IsIn(FACILITY_TYPES)
  public facilityType!: FacilityType;

  @IsOptional()
  @IsString()
  @Length(1, 80)
  public facilityId?: string;

  @IsString()
  @Length(2, 200)
  public facilityName!: string;

  /** The DIF official who received the child. */
  @IsString()
  @Length(2, 200)
  public receivedBy!: string;

  /** DIF's receipt of the child (LM-02 b). */
  @IsString()
  @Length(1, 100)
  public receiptNumber!: string;

  /** The acta de canalización (LM-04). */
  @IsString()
  @Length(1, 100)
  public actaNumber!: string;

  /** Required to enter a CAS (GD-14). */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  public protectionMeasureId?: string;
}

/** RLM-05: the notice to the federal Public Prosecutor (MP) that trafficking indicators require. */
export class RecordMpNotificationDto {
  @IsInstant()
  public notifiedAt!: string;

  /** The responsible officer who notified the MP. */
  @IsString()
  @Length(2, 200)
  public notifiedBy!: string;

  /** Which MP office (e.g. the FGR's office in the state). */
  @IsString()
  @Length(2, 200)
  public mpOffice!: string;

  /** The MP office's reference for the notice (oficio, carpeta de investigación). */
  @IsString()
  @Length(1, 100)
  public mpReference!: string;
}

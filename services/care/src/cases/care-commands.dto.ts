import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';

import {
  DIETS,
  Diet,
  INCIDENT_SEVERITIES,
  INCIDENT_TYPES,
  IncidentSeverity,
  IncidentType,
  MEALS,
  Meal,
  PLACEMENT_FACILITY_TYPES,
  PLACEMENT_SETTINGS,
  PlacementSetting,
  PROTECTION_CONCERNS,
  ProtectionConcern,
  REQUESTED_FACILITY_TYPES,
  RequestedFacilityType,
} from '@opis/contracts-care';
import { IsInstant } from '@opis/platform';

import { CHILD_SETTINGS, OffersOnly } from '../offered-values';

/** Food, clothing or psychological first aid given to the child. */
export class RecordDeliveryDto {
  @IsInstant()
  public deliveredAt!: string;

  /** What was given, briefly ("lunch: rice, beans, milk"). Stays in care. */
  @IsString()
  @Length(1, 200)
  public provided!: string;

  /** Required for FOOD; not accepted for other needs. */
  @IsOptional()
  @IsIn(MEALS)
  public meal?: Meal;

  /** FOOD only: the diet served, including special diets by age. */
  @IsOptional()
  @IsIn(DIETS)
  public diet?: Diet;

  /** Free text kept out of events and logs. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  public notes?: string;
}

/** What the child needs medically, as structured fields (the HEALTH need). */
export class RecordHealthScreeningDto {
  @IsInstant()
  public screenedAt!: string;

  @IsBoolean()
  public urgentReferral!: boolean;

  @IsBoolean()
  public chronicCondition!: boolean;

  @IsBoolean()
  public pregnancyFollowUp!: boolean;

  @IsBoolean()
  public disabilitySupport!: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  public notes?: string;
}

export class ProcuraduriaDecisionDto {
  @IsString()
  @Length(1, 100)
  public reference!: string;

  @IsInstant()
  public decidedAt!: string;
}

export class PlaceChildDto {
  @IsUUID()
  public facilityId!: string;

  /**
   * The kind of place as the officer sees it; must agree with the registry. A migration station or
   * provisional stay is never offered, and asking for one is refused under LM-08 with an alert.
   */
  @IsIn(REQUESTED_FACILITY_TYPES)
  @OffersOnly(PLACEMENT_FACILITY_TYPES)
  public facilityType!: RequestedFacilityType;

  /** An area shared with unrelated adults is never offered; asking for one is refused under GD-07 with an alert. */
  @IsIn(PLACEMENT_SETTINGS)
  @OffersOnly(CHILD_SETTINGS)
  public setting!: PlacementSetting;

  @IsInstant()
  public placedAt!: string;

  /** FAMILY_UNIT_AREA: the family unit the child stays with (INV-09). */
  @IsOptional()
  @IsUUID()
  public householdId?: string;

  /** INV-09: the decision that allows placing an accompanied child apart from the family. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProcuraduriaDecisionDto)
  public procuraduriaDecision?: ProcuraduriaDecisionDto;

  /** GD-14: required for a CAS. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  public protectionMeasureReference?: string;

  /** INM office: when the wait ends (bounded, LM-01). */
  @IsOptional()
  @IsInstant()
  public expectedUntil?: string;
}

export class ReportIncidentDto {
  @IsIn(INCIDENT_TYPES)
  public type!: IncidentType;

  @IsIn(INCIDENT_SEVERITIES)
  public severity!: IncidentSeverity;

  @IsInstant()
  public occurredAt!: string;

  /** The account: kept in care, never in the event. */
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  public notes?: string;

  /**
   * Said explicitly by the officer, never read out of the notes: the child disclosed fear of
   * return or a protection need (threats or abuse in the country of origin). Only the code
   * leaves care, for legal-status to act on (INV-01, GD-08).
   */
  @IsOptional()
  @IsIn(PROTECTION_CONCERNS)
  public protectionConcern?: ProtectionConcern;
}

import { IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';

import { requestPattern } from '@opis/contracts-envelope';

import { PROTECTION_STATUSES, ProtectionStatus } from '../vocabulary/protection-vocabulary';

/** `opis.legal-status.q.protection-status`: asked at the moment of a consular contact (RP-05). */
export const LEGAL_PROTECTION_STATUS_PATTERN = requestPattern('legal-status', 'protection-status');

/** How long a caller waits; no answer in time means the protection lock holds (fail safe). */
export const LEGAL_PROTECTION_STATUS_TIMEOUT_MS = 2_000;

export class ProtectionStatusRequest {
  @IsUUID()
  public caseId!: string;
}

export class ProtectionStatusReply {
  @IsUUID()
  public caseId!: string;

  @IsBoolean()
  public protectionClaimed!: boolean;

  @IsOptional()
  @IsBoolean()
  public protectionNeedIndicated?: boolean;

  @IsIn(PROTECTION_STATUSES)
  public status!: ProtectionStatus;

  /** When legal-status last changed this case's protection state. */
  @IsISO8601({ strict: true })
  public asOf!: string;
}

import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

import { requestPattern } from '@opis/contracts-envelope';

/** `opis.intake.q.identity`: a child's identity for one case, for an authorised caller only. */
export const INTAKE_IDENTITY_PATTERN = requestPattern('intake', 'identity');

/** How long a caller waits before treating the answer as "no" (fail safe). */
export const INTAKE_IDENTITY_TIMEOUT_MS = 2_000;

export class IdentityRequest {
  /** The caller's bearer token: the answer depends on its roles and offices, and is audited. */
  @IsString()
  @MinLength(20)
  @MaxLength(8_192)
  public token!: string;

  @IsUUID()
  public caseId!: string;

  /** Why the identity is needed, kept in the audit trail. */
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  public purpose!: string;
}

export interface IdentityReply {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  personId: string;
  givenNames: string;
  familyNames: string;
  sex: string;
  dateOfBirth: string | null;
  nationality: string;
  ageBand: string;
}

/** Error answer on the RPC transport: a code and kind the caller maps; never personal data. */
export interface RequestError {
  code: string;
  kind: string;
  detail: string;
  rule?: string;
}

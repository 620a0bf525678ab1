import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

import { defineRequest, ObjectSchemaOf, RequestContract, requestPattern } from '@opis/contracts-envelope';

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

const UUID = { type: 'string', format: 'uuid' };

/** The reply is an interface (intake answers it, nobody validates it): its schema, field by field. */
export const IDENTITY_REPLY_SCHEMA: ObjectSchemaOf<IdentityReply> = {
  type: 'object',
  description: 'The child\'s identity: personal data, only for an authorised caller, audited by intake; never in an event.',
  properties: {
    caseId: UUID,
    caseNumber: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}-\\d{6}$' },
    officeCode: { type: 'string', minLength: 3, maxLength: 3 },
    personId: UUID,
    givenNames: { type: 'string' },
    familyNames: { type: 'string' },
    sex: { type: 'string' },
    dateOfBirth: { type: ['string', 'null'], format: 'date' },
    nationality: { type: 'string', minLength: 2, maxLength: 2 },
    ageBand: { type: 'string' },
  },
  required: ['caseId', 'caseNumber', 'officeCode', 'personId', 'givenNames', 'familyNames', 'sex', 'dateOfBirth', 'nationality', 'ageBand'],
};

export const identityRequest = defineRequest<IdentityRequest, IdentityReply>({
  service: 'intake',
  query: 'identity',
  requestClass: IdentityRequest,
  reply: IDENTITY_REPLY_SCHEMA,
  timeoutMs: INTAKE_IDENTITY_TIMEOUT_MS,
  description:
    'A child\'s identity for one case, for a caller whose token (roles and offices) allows it; every answer is audited. An error answer is a RequestError.',
  example: {
    request: { token: '<the caller\'s bearer token>', caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01', purpose: 'consular notification' },
    reply: {
      caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01',
      caseNumber: 'CHP-2026-000123',
      officeCode: 'CHP',
      personId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0e',
      givenNames: 'Ana Lucía',
      familyNames: 'Ejemplo Inventado',
      sex: 'F',
      dateOfBirth: '2011-05-04',
      nationality: 'GT',
      ageBand: '12-17',
    },
  },
});

/** Every intake request/reply contract, for catalogs and tests. */
export const INTAKE_REQUESTS: readonly RequestContract[] = [identityRequest as RequestContract];

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { IdentityReply, IdentityRequest } from '@opis/contracts-intake';
import {
  AccessDeniedError,
  AuditTrail,
  DomainError,
  JwtVerifier,
  Principal,
  ResourceNotFoundError,
  Role,
  visibleOffices,
} from '@opis/platform';

import { CaseRepository } from '../cases/case.repository';

/** Who may ask for a child's identity over request/reply. */
const IDENTITY_ROLES: readonly Role[] = ['integration', 'national', 'supervisor', 'officer'];

@Injectable()
export class IdentityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly verifier: JwtVerifier,
    private readonly audit: AuditTrail,
  ) {}

  /** Every answer, given or refused, is audited (ARCHITECTURE.md: identity on request only). */
  public async identityFor(request: IdentityRequest): Promise<IdentityReply> {
    let principal: Principal | undefined;
    try {
      principal = await this.verifier.verify(request.token);
      if (!principal.roles.some((role) => IDENTITY_ROLES.includes(role))) throw new AccessDeniedError();
      const found = await this.cases.findWithPerson(this.dataSource.manager, request.caseId);
      // Not narrowed to this instance's OFFICES: requests carry no office, so the queue group hands
      // any of them to any instance, and every instance reads the service's one database.
      if (!found || !visibleOffices(principal).includes(found.case.officeCode as OfficeCode)) {
        throw new ResourceNotFoundError('case');
      }
      await this.audit.record({
        actor: principal,
        action: 'identity.read',
        caseId: found.case.id,
        officeCode: found.case.officeCode as OfficeCode,
        outcome: 'allowed',
        requestId: null,
        sourceIp: null,
      });
      return {
        caseId: found.case.id,
        caseNumber: found.case.caseNumber,
        officeCode: found.case.officeCode,
        personId: found.person.id,
        givenNames: found.person.givenNames,
        familyNames: found.person.familyNames,
        sex: found.person.sex,
        dateOfBirth: found.person.dateOfBirth,
        nationality: found.person.nationality,
        ageBand: found.case.ageBand,
      };
    } catch (error) {
      if (error instanceof DomainError) {
        await this.audit.record({
          actor: principal ?? { subject: 'unauthenticated', roles: [] },
          action: 'identity.read',
          caseId: request.caseId,
          outcome: 'refused',
          reason: error.code,
        });
      }
      throw error;
    }
  }
}

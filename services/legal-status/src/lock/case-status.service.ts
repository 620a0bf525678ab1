import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { CaseStatusReply, CaseStatusRequest, LockReason, protectionClaimedIn, ProtectionStatus } from '@opis/contracts-legal-status';
import { AccessDeniedError, AuditTrail, DomainError, JwtVerifier, Principal, ResourceNotFoundError, Role, visibleOffices } from '@opis/platform';

import { LegalRepository } from '../records/legal.repository';

/**
 * Who may ask: a service token (role `integration`, with the offices it serves) or an officer
 * acting in a case (`officer`, `supervisor`, `national`). Office scope applies to all of them.
 */
const CASE_STATUS_ROLES: readonly Role[] = ['integration', 'national', 'supervisor', 'officer'];
const ACTION = 'case-status.read';

/** `opis.legal-status.q.case-status`: the protection lock of a case and why (INV-01, INV-06). */
@Injectable()
export class CaseStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: LegalRepository,
    private readonly verifier: JwtVerifier,
    private readonly audit: AuditTrail,
  ) {}

  /** Every answer, given or refused, is audited. */
  public async caseStatus(request: CaseStatusRequest): Promise<CaseStatusReply> {
    let principal: Principal | undefined;
    try {
      principal = await this.verifier.verify(request.token);
      if (!principal.roles.some((role) => CASE_STATUS_ROLES.includes(role))) throw new AccessDeniedError();
      const record = await this.records.findRecord(this.dataSource.manager, request.caseId);
      // Not narrowed to this instance's OFFICES: requests carry no office, so the queue group hands
      // any of them to any instance, and every instance reads the service's one database.
      if (!record || !visibleOffices(principal).includes(record.officeCode as OfficeCode)) {
        throw new ResourceNotFoundError('case');
      }
      await this.audit.record({ actor: principal, action: ACTION, caseId: record.caseId, officeCode: record.officeCode as OfficeCode, outcome: 'allowed' });
      return {
        caseId: record.caseId,
        returnLocked: record.returnLocked,
        consularContactLocked: record.consularLocked,
        reasons: record.lockReasons as LockReason[],
        protectionStatus: record.protectionStatus as ProtectionStatus,
        protectionClaimed: protectionClaimedIn(record.protectionStatus as ProtectionStatus),
        bestInterestsRecommendsReturn: record.biRecommendsReturn,
        asOf: record.statusAsOf.toISOString(),
      };
    } catch (error) {
      if (error instanceof DomainError) {
        await this.audit.record({
          actor: principal ?? { subject: 'unauthenticated', roles: [] },
          action: ACTION,
          caseId: request.caseId,
          outcome: 'refused',
          reason: error.code,
        });
      }
      throw error;
    }
  }
}

import { Injectable } from '@nestjs/common';

import { AccessDeniedError, AuditTrail, DomainError, JwtVerifier, Principal, Role } from '@opis/platform';

/** Who may ask legal-status over request/reply: a service token (`integration`) or an officer acting in a case. */
const ASKING_ROLES: readonly Role[] = ['integration', 'national', 'supervisor', 'officer'];

/**
 * The door of legal-status's request/reply answers (case status, move clearance): the caller's
 * token verified, its roles checked, and every refusal audited with its code. `answer` audits what
 * it gives itself, since only it knows the case's office.
 */
@Injectable()
export class ServiceRequestGate {
  constructor(
    private readonly verifier: JwtVerifier,
    private readonly audit: AuditTrail,
  ) {}

  public async answer<T>(request: { token: string; caseId: string }, action: string, answer: (asker: Principal) => Promise<T>): Promise<T> {
    let principal: Principal | undefined;
    try {
      principal = await this.verifier.verify(request.token);
      if (!principal.roles.some((role) => ASKING_ROLES.includes(role))) throw new AccessDeniedError();
      return await answer(principal);
    } catch (error) {
      if (error instanceof DomainError) {
        await this.audit.record({
          actor: principal ?? { subject: 'unauthenticated', roles: [] },
          action,
          caseId: request.caseId,
          outcome: 'refused',
          reason: error.code,
        });
      }
      throw error;
    }
  }
}

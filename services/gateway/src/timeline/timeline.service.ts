import { Injectable } from '@nestjs/common';

import { OfficeCode } from '@opis/contracts-envelope';
import { assertOfficeAccess, AuditTrail, Caller, DomainError, ResourceNotFoundError } from '@opis/platform';

import type { TimelineView } from './timeline.controller';
import { TimelineRepository } from './timeline.repository';

/** The most a case view shows at once; a case with more shows its latest. */
const MAX_ENTRIES = 500;

@Injectable()
export class TimelineService {
  constructor(
    private readonly timelines: TimelineRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** A case's timeline to whom may see its office; the read is audited, allowed or refused, as every service audits a case read. */
  public async read(caller: Caller, caseId: string): Promise<TimelineView> {
    const action = 'timeline.read';
    try {
      const rows = await this.timelines.latestOf(caseId, MAX_ENTRIES);
      if (rows.length === 0) throw new ResourceNotFoundError('case');
      // A case moved to another office keeps its earlier events under the old one: the latest office decides.
      const officeCode = rows[rows.length - 1].officeCode as OfficeCode;
      assertOfficeAccess(caller.principal, officeCode);
      await this.audit.record({ actor: caller.principal, action, caseId, officeCode, outcome: 'allowed', ...caller.meta });
      return {
        caseId,
        officeCode,
        items: rows.map((row) => ({
          eventId: row.eventId,
          service: row.service,
          type: row.type,
          occurredAt: row.occurredAt.toISOString(),
          actor: { kind: row.actorKind, id: row.actorId },
        })),
      };
    } catch (error) {
      if (error instanceof DomainError) {
        await this.audit.record({ actor: caller.principal, action, caseId, outcome: 'refused', reason: error.code, ...caller.meta });
      }
      throw error;
    }
  }
}

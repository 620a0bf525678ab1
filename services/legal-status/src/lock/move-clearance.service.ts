import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { LockReason, MoveClearanceReply, MoveClearanceRequest, moveDecidedV1, ProtectionStatus } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';
import { AuditTrail, ResourceNotFoundError, visibleOffices } from '@opis/platform';

import { LegalRecordRepository } from '../records/legal-record.repository';
import { assistedReturnResolved } from './lock-rules';
import { MoveClearanceRepository } from './move-clearance.repository';
import { ServiceRequestGate } from './service-request.gate';

const ACTION = 'move-clearance';

/**
 * `opis.legal-status.q.move-clearance` (INV-01, GD-08): whether a child may be moved now, or
 * (CONSULAR_CONTACT: INV-06, RP-05, RLM-05) whether the consulate of the country of origin may be
 * contacted now. The answer is decided and recorded under the legal record's row lock, the lock
 * every change of protection, need or fear takes: a claim committed before the question refuses
 * it, and a claim that comes after the clearance finds the move on record and aborts it through
 * `legal.lock.changed`. A consular contact cleared before a claim cannot be undone; the record
 * shows that it was cleared first.
 */
@Injectable()
export class MoveClearanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: LegalRecordRepository,
    private readonly clearances: MoveClearanceRepository,
    private readonly gate: ServiceRequestGate,
    private readonly audit: AuditTrail,
    private readonly outbox: OutboxWriter,
  ) {}

  public async clear(request: MoveClearanceRequest): Promise<MoveClearanceReply> {
    return this.gate.answer(request, ACTION, (asker) =>
      this.dataSource.transaction(async (manager) => {
        const record = await this.records.findRecord(manager, request.caseId, { lock: true });
        if (!record || !visibleOffices(asker).includes(record.officeCode as OfficeCode)) throw new ResourceNotFoundError('case');
        const reasons = record.lockReasons as LockReason[];
        // A consulate is told nothing while protection is needed, claimed or feared (INV-06); every
        // other step moves the child and waits for return to be unlocked (INV-01).
        const cleared = request.step === 'CONSULAR_CONTACT' ? !record.consularLocked : !record.returnLocked;
        // Its event takes the case's version counter, which every change of the lock takes too
        // and holds to its commit: clearances and lock changes are numbered in commit order.
        await this.outbox.appendEvent(manager, moveDecidedV1, {
          caseId: record.caseId,
          officeCode: record.officeCode as OfficeCode,
          actor: { kind: asker.roles.includes('integration') ? 'service' : 'officer', id: asker.subject },
          data: { step: request.step, cleared, reasons },
        });
        const caseVersion = await this.clearances.eventVersion(manager, record.caseId);
        const clearance = { id: uuidv7(), caseId: record.caseId, step: request.step, moveRef: request.moveRef, cleared, reasons, caseVersion, askedBy: asker.subject };
        const decidedAt = await this.clearances.insertMoveClearance(manager, clearance);
        await this.audit.record(
          {
            actor: asker,
            action: `${ACTION}.${request.step.toLowerCase()}`,
            caseId: record.caseId,
            officeCode: record.officeCode as OfficeCode,
            outcome: cleared ? 'allowed' : 'refused',
            ...(cleared ? {} : { reason: reasons.join(',') }),
          },
          manager,
        );
        return {
          caseId: record.caseId,
          step: request.step,
          cleared,
          clearanceId: clearance.id,
          reasons,
          bestInterestsRecommendsReturn: record.biRecommendsReturn,
          assistedReturnResolved: assistedReturnResolved(record),
          protectionStatus: record.protectionStatus as ProtectionStatus,
          returnLocked: record.returnLocked,
          consularContactLocked: record.consularLocked,
          caseVersion,
          decidedAt: decidedAt.toISOString(),
        };
      }),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventEnvelope, eventType } from '@opis/contracts-envelope';
import { careRecordOpenedV1 } from '@opis/contracts-care';
import { caseAssignedV1, CaseAssignedV1, caseRegisteredV1, caseRegisteredV2, CaseRegistered, caseTransferredV1, CaseTransferredV1 } from '@opis/contracts-intake';

import { NotificationCaseEntity } from './notification-case.entity';

export interface CaseEntry {
  caseId: string;
  caseNumber: string | null;
  officeCode: string;
  assignedOfficer: string | null;
}

/** The events that tell notifications a case's number, office and officer. */
export const CASE_DIRECTORY_CONTRACTS = [caseRegisteredV1, caseRegisteredV2, caseAssignedV1, caseTransferredV1, careRecordOpenedV1] as const;
const TYPES: ReadonlySet<string> = new Set(CASE_DIRECTORY_CONTRACTS.map((contract) => eventType(contract.name)));

/**
 * What an alert may show of a case (its number) and whom it concerns (office, assigned officer):
 * nothing else of the child. Filled from intake's events, and from care's record opening, which
 * carries the number too and may arrive first (streams are not ordered among themselves).
 */
@Injectable()
export class CaseDirectory {
  public handles(envelope: EventEnvelope): boolean {
    return TYPES.has(envelope.type);
  }

  public async apply(manager: EntityManager, envelope: EventEnvelope): Promise<void> {
    switch (envelope.type) {
      case 'intake.case.registered':
      case 'care.record.opened': {
        const data = envelope.data as Pick<CaseRegistered, 'caseNumber'>;
        await manager.query(
          `INSERT INTO notification_case (case_id, case_number, office_code) VALUES ($1, $2, $3)
           ON CONFLICT (case_id) DO UPDATE SET case_number = coalesce(notification_case.case_number, EXCLUDED.case_number), updated_at = clock_timestamp()`,
          [envelope.caseId, data.caseNumber, envelope.officeCode],
        );
        return;
      }
      case 'intake.case.assigned': {
        const data = envelope.data as CaseAssignedV1;
        await manager.query(
          `INSERT INTO notification_case (case_id, office_code, assigned_officer) VALUES ($1, $2, $3)
           ON CONFLICT (case_id) DO UPDATE SET assigned_officer = EXCLUDED.assigned_officer, updated_at = clock_timestamp()`,
          [envelope.caseId, envelope.officeCode, data.officerId],
        );
        return;
      }
      case 'intake.case.transferred': {
        const data = envelope.data as CaseTransferredV1;
        await manager.query(
          `INSERT INTO notification_case (case_id, office_code) VALUES ($1, $2)
           ON CONFLICT (case_id) DO UPDATE SET office_code = EXCLUDED.office_code, updated_at = clock_timestamp()`,
          [envelope.caseId, data.toOffice],
        );
        return;
      }
    }
  }

  public async find(manager: EntityManager, caseId: string): Promise<CaseEntry | null> {
    return manager.findOne(NotificationCaseEntity, { where: { caseId }, select: { caseId: true, caseNumber: true, officeCode: true, assignedOfficer: true } });
  }
}

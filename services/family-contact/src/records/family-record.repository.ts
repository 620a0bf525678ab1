import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseCopyRepository } from '@opis/case-copy';
import { insertIfAbsent } from '@opis/platform';

import { ContactEntity } from '../contacts/contact.entity';
import { CallEntity, ConsularNotificationEntity, ReunificationEntity, TracingAttemptEntity } from './family-activity.entity';
import { CaseProtectionEntity, FamilyRecordEntity, LegalLockCopyEntity } from './family-record.entity';

export interface RecordActivity {
  contacts: ContactEntity[];
  calls: CallEntity[];
  tracing: TracingAttemptEntity[];
  consular: ConsularNotificationEntity[];
  reunification: ReunificationEntity | null;
  protection: CaseProtectionEntity | null;
  lock: LegalLockCopyEntity | null;
}

/** The family record itself: the copy of intake's case, legal-status's last word on it, and what its view shows. */
@Injectable()
export class FamilyRecordRepository {
  /** The copy's columns every service's copy of intake's cases shares (@opis/case-copy). */
  public readonly copies = new CaseCopyRepository('family_record');

  public async findRecord(manager: EntityManager, caseId: string, options: { lock?: boolean } = {}): Promise<FamilyRecordEntity | null> {
    return manager.findOne(FamilyRecordEntity, {
      where: { caseId },
      lock: options.lock ? { mode: 'pessimistic_write' } : undefined,
    });
  }

  /** False when the record exists already (the case was opened by an earlier delivery). */
  public async insertRecordIfAbsent(manager: EntityManager, record: FamilyRecordEntity): Promise<boolean> {
    return insertIfAbsent(manager, FamilyRecordEntity, record);
  }

  public async updateRecord(manager: EntityManager, caseId: string, changes: Partial<FamilyRecordEntity>): Promise<void> {
    await manager.update(FamilyRecordEntity, { caseId }, { ...changes, updatedAt: new Date() });
  }

  public async findProtection(manager: EntityManager, caseId: string): Promise<CaseProtectionEntity | null> {
    return manager.findOne(CaseProtectionEntity, { where: { caseId } });
  }

  /** Keeps the newest state: an older event retried after a newer one changes nothing. */
  public async upsertProtection(manager: EntityManager, row: CaseProtectionEntity): Promise<void> {
    await manager.query(
      `INSERT INTO case_protection (case_id, protection_claimed, status, as_of, event_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id) DO UPDATE
         SET protection_claimed = EXCLUDED.protection_claimed, status = EXCLUDED.status,
             as_of = EXCLUDED.as_of, event_id = EXCLUDED.event_id
       WHERE case_protection.as_of <= EXCLUDED.as_of`,
      [row.caseId, row.protectionClaimed, row.status, row.asOf, row.eventId],
    );
  }

  public async findLockCopy(manager: EntityManager, caseId: string): Promise<LegalLockCopyEntity | null> {
    return manager.findOne(LegalLockCopyEntity, { where: { caseId } });
  }

  /** Keeps legal-status's newest lock: an older event retried after a newer one changes nothing. */
  public async upsertLockCopy(manager: EntityManager, row: LegalLockCopyEntity): Promise<void> {
    await manager.query(
      `INSERT INTO legal_lock_copy (case_id, return_locked, consular_contact_locked, reasons, as_of, event_id, case_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id) DO UPDATE
         SET return_locked = EXCLUDED.return_locked, consular_contact_locked = EXCLUDED.consular_contact_locked,
             reasons = EXCLUDED.reasons, as_of = EXCLUDED.as_of, event_id = EXCLUDED.event_id, case_version = EXCLUDED.case_version
       WHERE legal_lock_copy.as_of <= EXCLUDED.as_of`,
      [row.caseId, row.returnLocked, row.consularContactLocked, row.reasons, row.asOf, row.eventId, row.caseVersion],
    );
  }

  /** Everything the record view shows, without any decryption. */
  public async findActivity(manager: EntityManager, caseId: string): Promise<RecordActivity> {
    // One after another: inside a transaction they share one connection.
    const contacts = await manager.find(ContactEntity, { where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const calls = await manager.find(CallEntity, { where: { caseId }, order: { calledAt: 'ASC', id: 'ASC' } });
    const tracing = await manager.find(TracingAttemptEntity, { where: { caseId }, order: { attemptedAt: 'ASC', id: 'ASC' } });
    const consular = await manager.find(ConsularNotificationEntity, { where: { caseId }, order: { notifiedAt: 'ASC' } });
    const reunification = await manager.findOne(ReunificationEntity, { where: { caseId } });
    const protection = await manager.findOne(CaseProtectionEntity, { where: { caseId } });
    const lock = await manager.findOne(LegalLockCopyEntity, { where: { caseId } });
    return { contacts, calls, tracing, consular, reunification, protection, lock };
  }
}

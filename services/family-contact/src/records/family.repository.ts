import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';

import { CaseCopyRepository } from '@opis/case-copy';
import { OfficeCode } from '@opis/contracts-envelope';
import { insertIfAbsent, KeysetPosition } from '@opis/platform';

import { ContactEntity, ContactPhoneEntity } from '../contacts/contact.entity';
import {
  CallEntity,
  ConsularNotificationEntity,
  ReunificationEntity,
  TracingAttemptEntity,
  VerificationEntity,
} from './family-activity.entity';
import { CaseProtectionEntity, FamilyRecordEntity, LegalLockCopyEntity } from './family-record.entity';

export interface ContactWithPhones {
  contact: ContactEntity;
  phones: ContactPhoneEntity[];
}

/** A page of contacts: at most `limit`, after the keyset position `after` (a cursor's). */
export interface ContactPage {
  after?: KeysetPosition;
  limit: number;
}

export interface PhoneMatch extends ContactWithPhones {
  officeCode: OfficeCode;
}

export interface RecordActivity {
  contacts: ContactEntity[];
  calls: CallEntity[];
  tracing: TracingAttemptEntity[];
  consular: ConsularNotificationEntity[];
  reunification: ReunificationEntity | null;
  protection: CaseProtectionEntity | null;
  lock: LegalLockCopyEntity | null;
}

export interface DueFirstCall {
  caseId: string;
  officeCode: OfficeCode;
  registeredAt: Date;
  detectedAt: Date | null;
  dueAt: Date;
}

/** The only code that touches family-contact's tables. Every method runs in the caller's manager. */
@Injectable()
export class FamilyRepository {
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

  public async insertContact(manager: EntityManager, contact: ContactEntity, phones: ContactPhoneEntity[]): Promise<void> {
    await manager.insert(ContactEntity, contact);
    if (phones.length > 0) await manager.insert(ContactPhoneEntity, phones);
  }

  /** A page of a case's contacts in the order they were named, after `after` (a keyset position). */
  public async findContactsWithPhones(manager: EntityManager, caseId: string, page: ContactPage): Promise<ContactWithPhones[]> {
    const query = manager
      .createQueryBuilder(ContactEntity, 'c')
      .where('c.caseId = :caseId', { caseId })
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(page.limit);
    if (page.after) query.andWhere('(c.createdAt, c.id) > (:at, :id)', { at: page.after.at, id: page.after.id });
    return this.withPhones(manager, await query.getMany());
  }

  public async findContactWithPhones(manager: EntityManager, caseId: string, contactId: string): Promise<ContactWithPhones | null> {
    const contact = await manager.findOne(ContactEntity, { where: { id: contactId, caseId } });
    return contact ? (await this.withPhones(manager, [contact]))[0] : null;
  }

  private async withPhones(manager: EntityManager, contacts: ContactEntity[]): Promise<ContactWithPhones[]> {
    if (contacts.length === 0) return [];
    const phones = await manager.find(ContactPhoneEntity, { where: { contactId: In(contacts.map((contact) => contact.id)) }, order: { position: 'ASC' } });
    return contacts.map((contact) => ({ contact, phones: phones.filter((phone) => phone.contactId === contact.id) }));
  }

  public async findContact(
    manager: EntityManager,
    caseId: string,
    contactId: string,
    options: { lock?: boolean } = {},
  ): Promise<ContactEntity | null> {
    return manager.findOne(ContactEntity, {
      where: { id: contactId, caseId },
      lock: options.lock ? { mode: 'pessimistic_write' } : undefined,
    });
  }

  public async findPhone(manager: EntityManager, contactId: string, phoneId: string): Promise<ContactPhoneEntity | null> {
    return manager.findOne(ContactPhoneEntity, { where: { id: phoneId, contactId } });
  }

  /** Contacts with this number (by keyed hash) in the given offices only, newest first, after `after`. */
  public async findByPhoneHash(manager: EntityManager, hash: string, offices: readonly OfficeCode[], page: ContactPage): Promise<PhoneMatch[]> {
    const rows: Array<{ contact_id: string; office_code: OfficeCode }> = await manager.query(
      `SELECT c.id AS contact_id, r.office_code
         FROM family_contact c
         JOIN family_record r ON r.case_id = c.case_id
        WHERE r.office_code = ANY($2::text[])
          AND EXISTS (SELECT 1 FROM contact_phone p WHERE p.contact_id = c.id AND p.number_hash = $1)
          AND ($4::timestamptz IS NULL OR (c.created_at, c.id) < ($4::timestamptz, $5::uuid))
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT $3`,
      [hash, offices, page.limit, page.after?.at ?? null, page.after?.id ?? null],
    );
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.contact_id);
    const contacts = await manager.find(ContactEntity, { where: { id: In(ids) } });
    const phones = await manager.find(ContactPhoneEntity, { where: { contactId: In(ids) }, order: { position: 'ASC' } });
    return rows.map((row) => ({
      officeCode: row.office_code,
      contact: contacts.find((contact) => contact.id === row.contact_id) as ContactEntity,
      phones: phones.filter((phone) => phone.contactId === row.contact_id),
    }));
  }

  public async updateContact(manager: EntityManager, contactId: string, changes: Partial<ContactEntity>): Promise<void> {
    await manager.update(ContactEntity, { id: contactId }, { ...changes, updatedAt: new Date() });
  }

  public async countContactsWithStatus(manager: EntityManager, caseId: string, status: string): Promise<number> {
    return manager.count(ContactEntity, { where: { caseId, status } });
  }

  public async insertCall(manager: EntityManager, call: CallEntity): Promise<void> {
    await manager.insert(CallEntity, call);
  }

  public async countCalls(manager: EntityManager, caseId: string): Promise<number> {
    return manager.count(CallEntity, { where: { caseId } });
  }

  public async insertTracingAttempt(manager: EntityManager, attempt: TracingAttemptEntity): Promise<void> {
    await manager.insert(TracingAttemptEntity, attempt);
  }

  /** When the case's first tracing attempt happened, if any. */
  public async firstTracingAttemptAt(manager: EntityManager, caseId: string): Promise<Date | null> {
    const [row] = await manager.query('SELECT min(attempted_at) AS first FROM tracing_attempt WHERE case_id = $1', [caseId]);
    return row?.first ? new Date(row.first) : null;
  }

  public async insertVerification(manager: EntityManager, verification: VerificationEntity): Promise<void> {
    await manager.insert(VerificationEntity, verification);
  }

  public async findLatestVerification(manager: EntityManager, contactId: string): Promise<VerificationEntity | null> {
    return manager.findOne(VerificationEntity, { where: { contactId }, order: { recordedAt: 'DESC' } });
  }

  public async insertConsularNotification(manager: EntityManager, notification: ConsularNotificationEntity): Promise<void> {
    await manager.insert(ConsularNotificationEntity, notification);
  }

  public async insertReunification(manager: EntityManager, reunification: ReunificationEntity): Promise<void> {
    await manager.insert(ReunificationEntity, reunification);
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

  /**
   * Records past their first-call deadline with no call and no alert yet. SKIP LOCKED lets
   * several instances scan at once without raising an alert twice.
   */
  public async findDueFirstCalls(manager: EntityManager, now: Date, offices: readonly OfficeCode[], limit: number): Promise<DueFirstCall[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT r.case_id, r.office_code, r.registered_at, r.detected_at, r.first_call_due_at
         FROM family_record r
        WHERE r.first_call_at IS NULL
          AND r.reunified_at IS NULL
          AND r.child_flow_exited_at IS NULL
          AND r.first_call_due_at <= $1
          AND r.office_code = ANY($2::text[])
          AND NOT EXISTS (SELECT 1 FROM first_call_alert a WHERE a.case_id = r.case_id)
        ORDER BY r.first_call_due_at
        LIMIT $3
        FOR UPDATE OF r SKIP LOCKED`,
      [now, offices, limit],
    );
    return rows.map((row) => ({
      caseId: row.case_id as string,
      officeCode: row.office_code as OfficeCode,
      registeredAt: row.registered_at as Date,
      detectedAt: (row.detected_at as Date | null) ?? null,
      dueAt: row.first_call_due_at as Date,
    }));
  }

  public async insertFirstCallAlert(manager: EntityManager, caseId: string, raisedAt: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO first_call_alert (case_id, raised_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING case_id`,
      [caseId, raisedAt],
    );
    return rows.length > 0;
  }

  public async firstCallAlertRaised(manager: EntityManager, caseId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM first_call_alert WHERE case_id = $1`, [caseId]);
    return rows.length > 0;
  }
}

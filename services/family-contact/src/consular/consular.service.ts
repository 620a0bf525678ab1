import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { ConsularMeans, ConsularPurpose, consulateNotifiedV1 } from '@opis/contracts-family-contact';
import { OutboxWriter } from '@opis/messaging';
import { DomainError } from '@opis/platform';

import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyRecordEntity } from '../records/family-record.entity';
import { FamilyRecordService } from '../records/family-record.service';
import { FamilyRecordView } from '../records/family-record.view';
import { assertNotBeforeCase, assertNotInFuture } from '../records/recorded-time';
import { ConsularClearance, ConsularGuard } from './consular-guard.service';
import { NotifyConsulateDto } from './consular.dto';
import { ConsularRepository } from './consular.repository';

const ACTION = 'consulate.notify';

/** One outbound contact with the country of origin, as logged (DOMAIN.md 4.3). */
export interface ConsularContact {
  /** The id legal-status's clearance names (its `moveRef`), hence chosen before asking. */
  id: string;
  /** The consulate's country; the child's nationality when omitted. */
  country?: string;
  purpose: ConsularPurpose;
  means: ConsularMeans;
  legalBasis: string;
  notifiedAt: Date;
  /** legal-status's clearance that allowed the contact (INV-06). */
  clearance: ConsularClearance;
  tracingAttemptId: string | null;
}

/** When a consulate was contacted: already, and not before the child was detected (DOMAIN.md 4.3 logs it). */
export function assertConsularTime(record: Pick<FamilyRecordEntity, 'detectedAt'>, field: string, at: Date): void {
  assertNotInFuture(field, at, 'A contact with a consulate is logged once it happened.');
  assertNotBeforeCase(record, field, at);
}

@Injectable()
export class ConsularService {
  constructor(
    private readonly notifications: ConsularRepository,
    private readonly access: FamilyAccess,
    private readonly guard: ConsularGuard,
    private readonly recordService: FamilyRecordService,
    private readonly outbox: OutboxWriter,
  ) {}

  public async notify(caller: Caller, caseId: string, dto: NotifyConsulateDto): Promise<FamilyRecordView> {
    // Named before it is asked for, so that legal-status records its clearance against this contact.
    const id = uuidv7();
    const notifiedAt = dto.notifiedAt ? new Date(dto.notifiedAt) : undefined;
    let cleared: ConsularClearance;
    try {
      // Asked outside the transaction: no row stays locked while legal-status thinks.
      const record = await this.access.visibleRecord(caller.principal, caseId);
      // A time refused anyway is refused before legal-status records a clearance for the contact.
      if (notifiedAt) assertConsularTime(record, 'notifiedAt', notifiedAt);
      cleared = await this.guard.assertAllowed(record, `consular-notification:${id}`);
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, ACTION, error, caseId);
      throw error;
    }
    return this.access.change(caller, ACTION, caseId, async (manager, record) => {
      const latest = await this.guard.assertStillAllowed(manager, record, cleared);
      await this.logContact(manager, caller, record, {
        id,
        country: dto.country,
        purpose: dto.purpose,
        means: dto.means,
        legalBasis: dto.legalBasis,
        notifiedAt: notifiedAt ?? new Date(),
        clearance: cleared,
        tracingAttemptId: null,
      });
      return this.recordService.viewIn(manager, caseId, latest);
    });
  }

  /**
   * Every outbound contact with the country of origin, whatever asked for it (a notification, a
   * tracing request through the consulate), is logged with purpose and legal basis and published
   * (DOMAIN.md 4.3). Only after the consular guard allowed it, in the caller's transaction.
   */
  public async logContact(manager: EntityManager, caller: Caller, record: FamilyRecordEntity, contact: ConsularContact): Promise<void> {
    const now = new Date();
    const country = contact.country ?? record.nationality;
    await this.notifications.insertConsularNotification(manager, {
      id: contact.id,
      caseId: record.caseId,
      country,
      purpose: contact.purpose,
      means: contact.means,
      legalBasis: contact.legalBasis,
      notifiedAt: contact.notifiedAt,
      legalStatusAsOf: contact.clearance.answer.asOf as Date,
      tracingAttemptId: contact.tracingAttemptId,
      legalClearanceId: contact.clearance.clearanceId,
      legalCaseVersion: contact.clearance.caseVersion,
      recordedBy: caller.principal.subject,
      recordedAt: now,
    });
    await this.outbox.appendEvent(manager, consulateNotifiedV1, {
      caseId: record.caseId,
      officeCode: record.officeCode as OfficeCode,
      actor: { kind: 'officer', id: caller.principal.subject },
      occurredAt: now,
      data: { country, purpose: contact.purpose, means: contact.means, notifiedAt: contact.notifiedAt.toISOString() },
    });
  }
}

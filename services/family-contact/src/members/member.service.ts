import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import {
  ConsularMeans,
  ConsularPurpose,
  FamilyStatus,
  memberFlaggedV1,
  memberLocatedV1,
  memberVerifiedV1,
  RiskIndicator,
} from '@opis/contracts-family-contact';
import { ProtectionConcern } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';
import { DomainError, InvalidInputError, ResourceNotFoundError } from '@opis/platform';

import { ConsularClearance, ConsularGuard } from '../consular/consular-guard.service';
import { assertConsularTime, ConsularService } from '../consular/consular.service';
import { ContactCrypto } from '../contacts/contact-crypto';
import { ContactEntity } from '../contacts/contact.entity';
import { ContactRepository } from '../contacts/contact.repository';
import { FamilyContactConfig } from '../family-contact.config';
import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyRecordEntity } from '../records/family-record.entity';
import { FamilyRecordRepository } from '../records/family-record.repository';
import { FamilyRecordService } from '../records/family-record.service';
import { FamilyRecordView } from '../records/family-record.view';
import { assertNotReunified, FamilyConflict, FamilyErrorCode, FamilyRuleViolation } from '../records/family.exception';
import { assertNotBeforeCase, assertNotInFuture } from '../records/recorded-time';
import { FlagMemberDto, LocateMemberDto, TracingAttemptDto, VerifyMemberDto } from './member.dto';
import { MemberRepository } from './member.repository';

const DAY_MS = 86_400_000;

const CONSULAR_FIELDS = ['purpose', 'means', 'legalBasis', 'country'] as const;

/** Purpose, means, legal basis and country log a consular contact: given with another channel, they would be lost. */
function assertNoConsularFields(dto: TracingAttemptDto): void {
  const given = CONSULAR_FIELDS.filter((field) => dto[field] !== undefined);
  if (given.length > 0) {
    throw new InvalidInputError(
      given.map((field) => ({ field, rule: 'onlyForConsulate', message: `only a tracing request through the CONSULATE channel takes ${field}` })),
    );
  }
}

/**
 * What a risk flag tells legal-status (issue 18, INV-01, GD-08): the officer's explicit mark, or
 * fear of return when the child expressed fear. Family-contact only reports it; legal-status alone
 * decides whether it locks return and consular contact.
 */
export function protectionConcernOf(riskIndicators: readonly RiskIndicator[], marked?: ProtectionConcern): ProtectionConcern | undefined {
  if (marked) return marked;
  return riskIndicators.includes('CHILD_EXPRESSED_FEAR') ? 'FEAR_OF_RETURN' : undefined;
}

@Injectable()
export class MemberService {
  constructor(
    private readonly records: FamilyRecordRepository,
    private readonly members: MemberRepository,
    private readonly contacts: ContactRepository,
    private readonly access: FamilyAccess,
    private readonly recordService: FamilyRecordService,
    private readonly guard: ConsularGuard,
    private readonly consular: ConsularService,
    private readonly crypto: ContactCrypto,
    private readonly outbox: OutboxWriter,
    private readonly config: FamilyContactConfig,
  ) {}

  private async contactOf(manager: EntityManager, caseId: string, contactId: string): Promise<ContactEntity> {
    const contact = await this.contacts.findContact(manager, caseId, contactId, { lock: true });
    if (!contact) throw new ResourceNotFoundError('contact');
    return contact;
  }

  /**
   * Tracing when no one is reached. Through the consulate it is an outbound contact with the
   * country of origin: it passes the consular check (RP-05, RLM-05, INV-06) and is logged as one,
   * with purpose, means and legal basis (DOMAIN.md 4.3).
   */
  public async recordTracing(caller: Caller, caseId: string, dto: TracingAttemptDto): Promise<FamilyRecordView> {
    const action = 'tracing.record';
    const consulate = dto.channel === 'CONSULATE';
    // Named before legal-status is asked, which records its clearance against this attempt.
    const id = uuidv7();
    const attemptedAt = new Date(dto.attemptedAt);
    let cleared: ConsularClearance | undefined;
    try {
      if (!consulate) assertNoConsularFields(dto);
      if (consulate) {
        const visible = await this.access.visibleRecord(caller.principal, caseId);
        assertConsularTime(visible, 'attemptedAt', attemptedAt);
        // A closed record is refused in the change below, without asking legal-status.
        if (!visible.reunifiedAt) cleared = await this.guard.assertAllowed(visible, `tracing-attempt:${id}`);
      }
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, action, error, caseId);
      throw error;
    }
    return this.access.change(caller, action, caseId, async (manager, record) => {
      assertNotReunified(record);
      assertNotInFuture('attemptedAt', attemptedAt, 'A tracing attempt is logged once it was made.');
      assertNotBeforeCase(record, 'attemptedAt', attemptedAt);
      const latest = cleared ? await this.guard.assertStillAllowed(manager, record, cleared) : undefined;
      if (dto.contactId) await this.contactOf(manager, caseId, dto.contactId);
      await this.members.insertTracingAttempt(manager, {
        id,
        caseId,
        contactId: dto.contactId ?? null,
        channel: dto.channel,
        outcome: dto.outcome,
        attemptedAt,
        referenceEnc: this.crypto.sealOptional('tracing_attempt.reference', id, dto.reference),
        recordedBy: caller.principal.subject,
        recordedAt: new Date(),
      });
      if (cleared) {
        await this.consular.logContact(manager, caller, record, {
          id: uuidv7(),
          country: dto.country,
          purpose: dto.purpose as ConsularPurpose,
          means: dto.means as ConsularMeans,
          legalBasis: dto.legalBasis as string,
          notifiedAt: attemptedAt,
          clearance: cleared,
          tracingAttemptId: id,
        });
      }
      if (record.status === 'NOT_STARTED' || record.status === 'CALL_OFFERED') {
        await this.records.updateRecord(manager, caseId, { status: 'TRACING' });
      }
      return this.recordService.viewIn(manager, caseId, latest);
    });
  }

  /**
   * Ends tracing without finding anyone (DOMAIN.md 4.3: NOT_LOCATED after N days of tracing), so
   * that the Procuraduría's plan considers alternatives. A person located later still moves the
   * record to VERIFYING.
   */
  public async concludeNotLocated(caller: Caller, caseId: string): Promise<FamilyRecordView> {
    return this.access.change(caller, 'tracing.not-located', caseId, async (manager, record) => {
      assertNotReunified(record);
      if (record.status !== 'TRACING') {
        throw new FamilyConflict(FamilyErrorCode.NOT_TRACING, `Tracing can be concluded only while TRACING; the record is ${record.status}.`);
      }
      const firstAttemptAt = await this.members.firstTracingAttemptAt(manager, caseId);
      const earliest = firstAttemptAt ? firstAttemptAt.getTime() + this.config.NOT_LOCATED_AFTER_DAYS * DAY_MS : Infinity;
      if (Date.now() < earliest) {
        throw new FamilyRuleViolation(
          FamilyErrorCode.TRACING_TOO_RECENT,
          `Tracing started ${firstAttemptAt?.toISOString()}; a family member can be declared not located only after ${this.config.NOT_LOCATED_AFTER_DAYS} days of tracing.`,
        );
      }
      await this.records.updateRecord(manager, caseId, { status: 'NOT_LOCATED' });
      return this.recordService.viewIn(manager, caseId);
    });
  }

  public async locate(caller: Caller, caseId: string, contactId: string, dto: LocateMemberDto): Promise<FamilyRecordView> {
    return this.access.change(caller, 'member.locate', caseId, async (manager, record) => {
      assertNotReunified(record);
      const contact = await this.contactOf(manager, caseId, contactId);
      if (contact.status !== 'NAMED') {
        throw new FamilyConflict(FamilyErrorCode.CONTACT_ALREADY_LOCATED, `The person is already ${contact.status}.`);
      }
      const locatedAt = new Date(dto.locatedAt);
      assertNotInFuture('locatedAt', locatedAt, 'A person is recorded as located once they were.');
      assertNotBeforeCase(record, 'locatedAt', locatedAt);
      await this.contacts.updateContact(manager, contactId, { status: 'LOCATED', locatedAt, locatedVia: dto.via });
      if (record.status !== 'VERIFIED') await this.records.updateRecord(manager, caseId, { status: 'VERIFYING' });
      await this.outbox.appendEvent(manager, memberLocatedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor: { kind: 'officer', id: caller.principal.subject },
        data: {
          contactId,
          relationship: contact.relationship as never,
          via: dto.via,
          country: contact.country,
          locatedAt: locatedAt.toISOString(),
        },
      });
      return this.recordService.viewIn(manager, caseId);
    });
  }

  /**
   * GD-05: a clear risk screen, kinship evidence, the child's wish and the Procuraduría's vetting
   * make a person VERIFIED; any risk indicator flags them instead, for good.
   */
  public async verify(caller: Caller, caseId: string, contactId: string, dto: VerifyMemberDto): Promise<FamilyRecordView> {
    return this.access.change(caller, 'member.verify', caseId, async (manager, record) => {
      assertNotReunified(record);
      const contact = await this.contactOf(manager, caseId, contactId);
      if (contact.status === 'FLAGGED_RISK') {
        throw new FamilyConflict(FamilyErrorCode.CONTACT_FLAGGED, 'The person was flagged as a risk; the flag is final.', 'GD-05');
      }
      if (contact.status === 'VERIFIED') throw new FamilyConflict(FamilyErrorCode.CONTACT_ALREADY_VERIFIED, 'The person is already verified.');
      if (contact.status !== 'LOCATED') {
        throw new FamilyRuleViolation(FamilyErrorCode.CONTACT_NOT_LOCATED, 'Only a located person can be verified.');
      }
      const flagged = dto.riskIndicators.length > 0;
      if (!flagged && dto.evidence.length === 0) {
        throw new FamilyRuleViolation(FamilyErrorCode.EVIDENCE_MISSING, 'Verification needs evidence of kinship or guardianship.', 'GD-05', [
          { field: 'evidence', rule: 'arrayMinSize', message: 'at least one kind of evidence' },
        ]);
      }
      if (!flagged && !dto.procuraduriaVettingReference) {
        throw new FamilyRuleViolation(
          FamilyErrorCode.PROCURADURIA_VETTING_MISSING,
          'A reunification option needs the Procuraduría’s vetting of the family member.',
          'GD-05',
          [{ field: 'procuraduriaVettingReference', rule: 'required', message: 'required to verify' }],
        );
      }
      const id = uuidv7();
      const now = new Date();
      const concern = flagged ? protectionConcernOf(dto.riskIndicators) : undefined;
      await this.members.insertVerification(manager, {
        id,
        caseId,
        contactId,
        outcome: flagged ? 'FLAGGED_RISK' : 'VERIFIED',
        evidence: dto.evidence,
        evidenceNotesEnc: this.crypto.sealOptional('member_verification.evidence_notes', id, dto.evidenceNotes),
        childWish: dto.childWish,
        childViewsEnc: this.crypto.sealOptional('member_verification.child_views', id, dto.childViews),
        riskIndicators: dto.riskIndicators,
        procuraduriaVettingReference: dto.procuraduriaVettingReference ?? null,
        protectionConcern: concern ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      if (flagged) {
        await this.flagContact(manager, caller, record, contact, dto.riskIndicators, concern, now);
      } else {
        await this.contacts.updateContact(manager, contactId, { status: 'VERIFIED' });
        await this.records.updateRecord(manager, caseId, { status: 'VERIFIED' });
        await this.outbox.appendEvent(manager, memberVerifiedV1, {
          caseId,
          officeCode: record.officeCode as OfficeCode,
          actor: { kind: 'officer', id: caller.principal.subject },
          occurredAt: now,
          data: {
            contactId,
            relationship: contact.relationship as never,
            evidence: dto.evidence,
            childWish: dto.childWish,
            verifiedAt: now.toISOString(),
            countryOfResidence: contact.country,
          },
        });
      }
      return this.recordService.viewIn(manager, caseId);
    });
  }

  /** A risk found at any time, even after verification: the person is never a receiver. */
  public async flag(caller: Caller, caseId: string, contactId: string, dto: FlagMemberDto): Promise<FamilyRecordView> {
    return this.access.change(caller, 'member.flag', caseId, async (manager, record) => {
      const contact = await this.contactOf(manager, caseId, contactId);
      if (contact.status === 'FLAGGED_RISK') {
        throw new FamilyConflict(FamilyErrorCode.CONTACT_FLAGGED, 'The person is already flagged.', 'GD-05');
      }
      const id = uuidv7();
      const now = new Date();
      const concern = protectionConcernOf(dto.riskIndicators, dto.protectionConcern);
      await this.members.insertVerification(manager, {
        id,
        caseId,
        contactId,
        outcome: 'FLAGGED_RISK',
        evidence: [],
        evidenceNotesEnc: this.crypto.sealOptional('member_verification.evidence_notes', id, dto.notes),
        childWish: null,
        childViewsEnc: null,
        riskIndicators: dto.riskIndicators,
        procuraduriaVettingReference: null,
        protectionConcern: concern ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.flagContact(manager, caller, record, contact, dto.riskIndicators, concern, now);
      return this.recordService.viewIn(manager, caseId);
    });
  }

  private async flagContact(
    manager: EntityManager,
    caller: Caller,
    record: FamilyRecordEntity,
    contact: ContactEntity,
    riskIndicators: RiskIndicator[],
    protectionConcern: ProtectionConcern | undefined,
    now: Date,
  ): Promise<void> {
    await this.contacts.updateContact(manager, contact.id, { status: 'FLAGGED_RISK' });
    // A risk found after the hand-over is still recorded and published; the record stays REUNIFIED.
    if (!record.reunifiedAt) {
      const stillVerified = await this.contacts.countContactsWithStatus(manager, record.caseId, 'VERIFIED');
      const status: FamilyStatus = stillVerified > 0 ? 'VERIFIED' : 'FLAGGED_RISK';
      await this.records.updateRecord(manager, record.caseId, { status });
    }
    await this.outbox.appendEvent(manager, memberFlaggedV1, {
      caseId: record.caseId,
      officeCode: record.officeCode as OfficeCode,
      actor: { kind: 'officer', id: caller.principal.subject },
      occurredAt: now,
      data: {
        contactId: contact.id,
        relationship: contact.relationship as never,
        riskIndicators,
        flaggedAt: now.toISOString(),
        ...(protectionConcern ? { protectionConcern } : {}),
      },
    });
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { reunifiedV1 } from '@opis/contracts-family-contact';
import { BestInterestsSummary, ProcedureResolution } from '@opis/contracts-legal-status';
import { LegalStatusClient } from '@opis/legal-status-client';
import { OutboxWriter } from '@opis/messaging';
import { DomainError, ResourceNotFoundError } from '@opis/platform';

import { ContactCrypto } from '../contacts/contact-crypto';
import { ContactEntity } from '../contacts/contact.entity';
import { ContactRepository } from '../contacts/contact.repository';
import { MemberRepository } from '../members/member.repository';
import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyRecordRepository } from '../records/family-record.repository';
import { FamilyRecordService } from '../records/family-record.service';
import { FamilyRecordView } from '../records/family-record.view';
import { FamilyConflict, FamilyErrorCode, FamilyRuleViolation } from '../records/family.exception';
import { assertNotBeforeCase, assertNotInFuture } from '../records/recorded-time';
import { ReunifyDto } from './reunification.dto';
import { ReunificationRepository } from './reunification.repository';

const ACTION = 'family.reunify';

/** RLM-01: the reference names one of legal-status's determinations of the case, by id or by its document. */
export function citedDetermination(determinations: readonly BestInterestsSummary[], reference: string): BestInterestsSummary | undefined {
  const cited = reference.trim();
  return determinations.find((determination) => determination.id === cited || determination.documentReference === cited);
}

@Injectable()
export class ReunificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: FamilyRecordRepository,
    private readonly reunifications: ReunificationRepository,
    private readonly contacts: ContactRepository,
    private readonly members: MemberRepository,
    private readonly access: FamilyAccess,
    private readonly recordService: FamilyRecordService,
    private readonly crypto: ContactCrypto,
    private readonly outbox: OutboxWriter,
    private readonly legalStatus: LegalStatusClient,
  ) {}

  /**
   * INV-08, GD-05: only to a VERIFIED person, never a flagged one, with the signed hand-over record.
   * RLM-01: the decision cites a best-interests determination legal-status holds for the case,
   * confirmed now. A hand-over abroad moves the child across a border: legal-status must clear it
   * now (INV-01, GD-08), and a lock it holds, or its silence, keeps the child here. The record is
   * then REUNIFIED, its last state (DOMAIN.md 4.3).
   */
  public async reunify(caller: Caller, caseId: string, dto: ReunifyDto): Promise<FamilyRecordView> {
    // A hand-over recorded ahead of time would be cleared now and happen later, past any claim
    // filed meanwhile: the clearance is the step's commit point only for what already happened.
    assertNotInFuture('handedOverAt', new Date(dto.handedOverAt), 'A hand-over is recorded once it happened, not before.');
    const asked = await this.askLegalStatus(caller, caseId, dto);
    return this.access.change(caller, ACTION, caseId, async (manager, record) => {
      if (record.reunifiedAt) throw new FamilyConflict(FamilyErrorCode.ALREADY_REUNIFIED, 'The child was already reunified.', 'INV-08');
      if (!asked) throw new Error('legal-status was not asked about an open record');
      const contact = await this.receiver(manager, caseId, dto, { lock: true });
      if (isAbroad(dto, contact) && !asked.clearedAbroad) throw new Error('a hand-over abroad was not cleared');
      const now = new Date();
      const handedOverAt = new Date(dto.handedOverAt);
      const handoverId = uuidv7();
      await this.reunifications.insertReunification(manager, {
        caseId,
        id: handoverId,
        contactId: contact.id,
        handedOverAt,
        handedOverBy: caller.principal.subject,
        placeKind: dto.place.kind,
        placeCountry: dto.place.country,
        placeEnc: this.crypto.seal('reunification.place', handoverId, dto.place.description),
        receiverDocumentEnc: this.crypto.seal('reunification.receiver_document', handoverId, dto.receiverIdentityDocument),
        handoverRecordNumber: dto.handoverRecordNumber,
        bestInterestsReference: dto.bestInterestsReference,
        bestInterestsId: asked.determination.id,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.records.updateRecord(manager, caseId, { reunifiedAt: handedOverAt, status: 'REUNIFIED' });
      await this.outbox.appendEvent(manager, reunifiedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor: { kind: 'officer', id: caller.principal.subject },
        occurredAt: now,
        data: {
          handoverId,
          handedOverBy: caller.principal.subject,
          receivedBy: { contactId: contact.id, relationship: contact.relationship as never },
          place: { kind: dto.place.kind, country: dto.place.country },
          handedOverAt: handedOverAt.toISOString(),
        },
      });
      return this.recordService.viewIn(manager, caseId);
    });
  }

  /** The receiver, if the child may be handed to them (GD-05, INV-11); checked before asking legal-status and again under the lock. */
  private async receiver(manager: EntityManager, caseId: string, dto: ReunifyDto, options: { lock: boolean }): Promise<ContactEntity> {
    const contact = await this.contacts.findContact(manager, caseId, dto.contactId, options);
    if (!contact) throw new ResourceNotFoundError('contact');
    if (contact.status === 'FLAGGED_RISK') {
      throw new FamilyRuleViolation(
        FamilyErrorCode.CONTACT_FLAGGED,
        'This person was flagged as a possible source of harm or trafficking: the child is never handed to them.',
        'GD-05',
      );
    }
    if (contact.status !== 'VERIFIED') {
      throw new FamilyRuleViolation(FamilyErrorCode.CONTACT_NOT_VERIFIED, 'The child is handed over only to a verified family member.', 'GD-05');
    }
    const verification = await this.members.findLatestVerification(manager, contact.id);
    if (verification?.childWish === 'DOES_NOT_WANT') {
      throw new FamilyRuleViolation(
        FamilyErrorCode.CHILD_DOES_NOT_WANT,
        'The child said they do not want to be reunified with this person; a new verification must record their views.',
        'INV-11',
      );
    }
    return contact;
  }

  /**
   * Outside the transaction (no row stays locked while legal-status thinks): the determination
   * cited (RLM-01), then, abroad, the move clearance (INV-01). Undefined when the record is
   * already closed, which the change then refuses. Every refusal is audited.
   */
  private async askLegalStatus(
    caller: Caller,
    caseId: string,
    dto: ReunifyDto,
  ): Promise<{ determination: BestInterestsSummary; clearedAbroad: boolean } | undefined> {
    let officeCode: OfficeCode | undefined;
    try {
      // Another office's case is answered 404 (audited) before anything is asked about it.
      const record = await this.access.visibleRecord(caller.principal, caseId);
      officeCode = record.officeCode as OfficeCode;
      if (record.reunifiedAt) return undefined;
      assertNotBeforeCase(record, 'handedOverAt', new Date(dto.handedOverAt));
      // A hand-over the rules refuse anyway is refused before legal-status records a clearance for it.
      const receiver = await this.receiver(this.dataSource.manager, caseId, dto, { lock: false });
      const { determination, procedureResolution } = await this.determination(caseId, dto.bestInterestsReference);
      const abroad = isAbroad(dto, receiver);
      if (abroad) {
        // The lock first: with a claim pending, that is the answer the officer must hear.
        await this.clearAbroad(caseId);
        assertReunificationAbroadDecided(record.nationality, destinationOf(dto, receiver), determination, procedureResolution);
      }
      return { determination, clearedAbroad: abroad };
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, ACTION, error, caseId, officeCode);
      throw error;
    }
  }

  private async determination(caseId: string, reference: string): Promise<{ determination: BestInterestsSummary; procedureResolution?: ProcedureResolution }> {
    const answer = await this.legalStatus.caseStatus(caseId);
    if (answer.kind === 'silent') {
      throw new FamilyRuleViolation(
        FamilyErrorCode.BEST_INTERESTS_UNCONFIRMED,
        `legal-status did not confirm the case's best-interests determinations (${answer.why}): no reunification without one (fail safe, RLM-01). Try again later.`,
        'RLM-01',
      );
    }
    const cited = citedDetermination(answer.reply.bestInterests, reference);
    if (!cited) {
      throw new FamilyRuleViolation(
        FamilyErrorCode.BEST_INTERESTS_NOT_FOUND,
        `legal-status holds no best-interests determination of this case with id or document reference "${reference}" ` +
          `(it holds ${answer.reply.bestInterests.length}): a reunification cites one of them (RLM-01).`,
        'RLM-01',
        [{ field: 'bestInterestsReference', rule: 'bestInterestsOfCase', message: 'must be the id or document reference of a legal-status determination of this case' }],
      );
    }
    return { determination: cited, procedureResolution: answer.reply.procedureResolution };
  }

  private async clearAbroad(caseId: string): Promise<void> {
    // The acta's number is free text (slashes, spaces) that a move reference may not hold.
    const answer = await this.legalStatus.clearMove(caseId, 'REUNIFICATION_ABROAD', `reunification:${uuidv7()}`);
    if (answer.kind === 'answered' && answer.reply.cleared) return;
    const why = answer.kind === 'answered' ? answer.reply.reasons.join(', ') : 'legal-status did not answer';
    throw new FamilyRuleViolation(
      FamilyErrorCode.MOVE_NOT_CLEARED,
      `The child is not handed to anyone abroad: return is locked or unconfirmed now (${why}).`,
      'INV-01',
    );
  }
}

/**
 * A hand-over is abroad when it happens outside Mexico or the person receiving the child lives
 * outside it: a relative from Guatemala collecting the child at a DIF shelter takes her across
 * the border too (INV-01, GD-08).
 */
function isAbroad(dto: ReunifyDto, receiver: ContactEntity): boolean {
  return dto.place.country.toUpperCase() !== 'MX' || receiver.country.toUpperCase() !== 'MX';
}

/** Where the child goes: where the receiver lives, or, for a relative living here, where the hand-over is. */
function destinationOf(dto: ReunifyDto, receiver: ContactEntity): string {
  return receiver.country.toUpperCase() !== 'MX' ? receiver.country.toUpperCase() : dto.place.country.toUpperCase();
}

/**
 * DOMAIN.md 4.4 a: a hand-over abroad is decided in the migration procedure, never by
 * family-contact alone. To the child's own country it is an assisted return, which only
 * repatriation carries out, with every precondition of 4.5 a (RP-01..06). To a third country
 * it is a reunification the Procuraduría's plan recommends (RLM-01 I) and the PAM resolved as
 * REUNIFICATION_THIRD_COUNTRY (LM-06). A Mexican child has no PAM: the plan decides.
 */
function assertReunificationAbroadDecided(
  nationality: string,
  destination: string,
  determination: BestInterestsSummary,
  procedureResolution: ProcedureResolution | undefined,
): void {
  if (nationality.toUpperCase() !== 'MX' && destination === nationality.toUpperCase()) {
    throw new FamilyRuleViolation(
      FamilyErrorCode.RETURN_IS_REPATRIATION,
      'Handing the child to family in the country of origin is an assisted return: repatriation carries it out, on a PAM resolved for it (DOMAIN.md 4.5 a).',
      'RP-01',
    );
  }
  if (determination.recommendedMeasure !== 'REUNIFICATION_THIRD_COUNTRY') {
    throw new FamilyRuleViolation(
      FamilyErrorCode.BEST_INTERESTS_NOT_FOUND,
      'The determination cited does not recommend reunification in a third country: a hand-over abroad follows one that does (RLM-01).',
      'RLM-01',
      [{ field: 'bestInterestsReference', rule: 'recommendsThirdCountry', message: 'must cite a determination recommending REUNIFICATION_THIRD_COUNTRY' }],
    );
  }
  if (nationality.toUpperCase() !== 'MX' && procedureResolution !== 'REUNIFICATION_THIRD_COUNTRY') {
    throw new FamilyRuleViolation(
      FamilyErrorCode.PROCEDURE_NOT_RESOLVED_FOR_REUNIFICATION,
      'The migration procedure is not resolved as REUNIFICATION_THIRD_COUNTRY in legal-status: a hand-over abroad follows it (LM-06).',
      'LM-06',
    );
  }
}

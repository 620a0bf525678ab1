import { Injectable } from '@nestjs/common';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { reunifiedV1 } from '@opis/contracts-family-contact';
import { LegalStatusClient } from '@opis/legal-status-client';
import { OutboxWriter } from '@opis/messaging';
import { DomainError, ResourceNotFoundError } from '@opis/platform';

import { ContactCrypto } from '../contacts/contact-crypto';
import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyRecordService } from '../records/family-record.service';
import { FamilyRecordView } from '../records/family-record.view';
import { FamilyConflict, FamilyErrorCode, FamilyRuleViolation } from '../records/family.exception';
import { FamilyRepository } from '../records/family.repository';
import { ReunifyDto } from './reunification.dto';

@Injectable()
export class ReunificationService {
  constructor(
    private readonly records: FamilyRepository,
    private readonly access: FamilyAccess,
    private readonly recordService: FamilyRecordService,
    private readonly crypto: ContactCrypto,
    private readonly outbox: OutboxWriter,
    private readonly legalStatus: LegalStatusClient,
  ) {}

  /**
   * INV-08, GD-05: only to a VERIFIED person, never a flagged one, with the signed hand-over record.
   * A hand-over abroad moves the child across a border: legal-status must clear it now (INV-01,
   * GD-08), and a lock it holds, or its silence, keeps the child here.
   */
  public async reunify(caller: Caller, caseId: string, dto: ReunifyDto): Promise<FamilyRecordView> {
    const abroad = dto.place.country.toUpperCase() !== 'MX';
    const clearance = abroad ? await this.clearAbroad(caller, caseId, dto) : undefined;
    return this.access.change(caller, 'family.reunify', caseId, async (manager, record) => {
      if (clearance) throw clearance;
      if (record.reunifiedAt) throw new FamilyConflict(FamilyErrorCode.ALREADY_REUNIFIED, 'The child was already reunified.', 'INV-08');
      const contact = await this.records.findContact(manager, caseId, dto.contactId, { lock: true });
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
      const verification = await this.records.findLatestVerification(manager, contact.id);
      if (verification?.childWish === 'DOES_NOT_WANT') {
        throw new FamilyRuleViolation(
          FamilyErrorCode.CHILD_DOES_NOT_WANT,
          'The child said they do not want to be reunified with this person; a new verification must record their views.',
          'INV-11',
        );
      }
      const now = new Date();
      const handedOverAt = new Date(dto.handedOverAt);
      const handoverId = uuidv7();
      await this.records.insertReunification(manager, {
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
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.records.updateRecord(manager, caseId, { reunifiedAt: handedOverAt });
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

  /** The refusal to raise inside the audited change, or undefined when legal-status cleared the move. */
  private async clearAbroad(caller: Caller, caseId: string, dto: ReunifyDto): Promise<FamilyRuleViolation | undefined> {
    // Another office's case is answered 404 (audited) before anything is asked about it.
    try {
      await this.access.visibleRecord(caller.principal, caseId);
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, 'family.reunify', error, caseId);
      throw error;
    }
    const answer = await this.legalStatus.clearMove(caseId, 'REUNIFICATION_ABROAD', `reunification:${dto.handoverRecordNumber}`);
    if (answer.kind === 'answered' && answer.reply.cleared) return undefined;
    const why = answer.kind === 'answered' ? answer.reply.reasons.join(', ') : 'legal-status did not answer';
    return new FamilyRuleViolation(
      FamilyErrorCode.MOVE_NOT_CLEARED,
      `The child is not handed to anyone abroad: return is locked or unconfirmed now (${why}).`,
      'INV-01',
    );
  }
}

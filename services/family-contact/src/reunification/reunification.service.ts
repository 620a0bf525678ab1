import { Injectable } from '@nestjs/common';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { reunifiedV1 } from '@opis/contracts-family-contact';
import { OutboxWriter } from '@opis/messaging';
import { ResourceNotFoundError } from '@opis/platform';

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
  ) {}

  /** INV-08, GD-05: only to a VERIFIED person, never a flagged one, with the signed hand-over record. */
  public async reunify(caller: Caller, caseId: string, dto: ReunifyDto): Promise<FamilyRecordView> {
    return this.access.change(caller, 'family.reunify', caseId, async (manager, record) => {
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
}

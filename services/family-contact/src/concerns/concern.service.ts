import { Injectable } from '@nestjs/common';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { childConcernStatedV1 } from '@opis/contracts-family-contact';
import { OutboxWriter } from '@opis/messaging';

import { ContactCrypto } from '../contacts/contact-crypto';
import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyRecordService } from '../records/family-record.service';
import { FamilyRecordView } from '../records/family-record.view';
import { assertNotBeforeCase, assertNotInFuture } from '../records/recorded-time';
import { StateConcernDto } from './concern.dto';
import { ConcernRepository } from './concern.repository';

/**
 * Fear of return or a protection need the child states to family-contact's officers about no one
 * person (gangs, threats at home): recorded here, and published for legal-status, the one place
 * that turns it into a lock (INV-01, GD-08). A relative is never flagged to carry it.
 */
@Injectable()
export class ConcernService {
  constructor(
    private readonly concerns: ConcernRepository,
    private readonly access: FamilyAccess,
    private readonly recordService: FamilyRecordService,
    private readonly crypto: ContactCrypto,
    private readonly outbox: OutboxWriter,
  ) {}

  public async state(caller: Caller, caseId: string, dto: StateConcernDto): Promise<FamilyRecordView> {
    const statedAt = new Date(dto.statedAt);
    return this.access.change(caller, 'child.concern', caseId, async (manager, record) => {
      assertNotInFuture('statedAt', statedAt, 'What the child said is recorded once said.');
      assertNotBeforeCase(record, 'statedAt', statedAt);
      const id = uuidv7();
      const now = new Date();
      await this.concerns.insertConcern(manager, {
        id,
        caseId,
        protectionConcern: dto.protectionConcern,
        statedAt,
        notesEnc: this.crypto.sealOptional('child_concern.notes', id, dto.notes),
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.outbox.appendEvent(manager, childConcernStatedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor: { kind: 'officer', id: caller.principal.subject },
        occurredAt: now,
        data: { concernId: id, protectionConcern: dto.protectionConcern, statedAt: statedAt.toISOString() },
      });
      return this.recordService.viewIn(manager, caseId);
    });
  }
}

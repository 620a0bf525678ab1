import { Injectable } from '@nestjs/common';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { consulateNotifiedV1 } from '@opis/contracts-family-contact';
import { OutboxWriter } from '@opis/messaging';
import { DomainError } from '@opis/platform';

import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyRecordService } from '../records/family-record.service';
import { FamilyRecordView } from '../records/family-record.view';
import { FamilyRepository } from '../records/family.repository';
import { ConsularGuard } from './consular-guard.service';
import { NotifyConsulateDto } from './consular.dto';

const ACTION = 'consulate.notify';

@Injectable()
export class ConsularService {
  constructor(
    private readonly records: FamilyRepository,
    private readonly access: FamilyAccess,
    private readonly guard: ConsularGuard,
    private readonly recordService: FamilyRecordService,
    private readonly outbox: OutboxWriter,
  ) {}

  public async notify(caller: Caller, caseId: string, dto: NotifyConsulateDto): Promise<FamilyRecordView> {
    let legalStatusAsOf: Date;
    try {
      // Asked outside the transaction: no row stays locked while legal-status thinks.
      const record = await this.access.visibleRecord(caller.principal, caseId);
      legalStatusAsOf = await this.guard.assertAllowed(record);
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, ACTION, error, caseId);
      throw error;
    }
    return this.access.change(caller, ACTION, caseId, async (manager, record) => {
      await this.guard.assertLocallyAllowed(manager, record);
      const now = new Date();
      const notifiedAt = dto.notifiedAt ? new Date(dto.notifiedAt) : now;
      const country = dto.country ?? record.nationality;
      await this.records.insertConsularNotification(manager, {
        id: uuidv7(),
        caseId,
        country,
        purpose: dto.purpose,
        means: dto.means,
        legalBasis: dto.legalBasis,
        notifiedAt,
        legalStatusAsOf,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.outbox.appendEvent(manager, consulateNotifiedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor: { kind: 'officer', id: caller.principal.subject },
        occurredAt: now,
        data: { country, purpose: dto.purpose, means: dto.means, notifiedAt: notifiedAt.toISOString() },
      });
      return this.recordService.viewIn(manager, caseId);
    });
  }
}

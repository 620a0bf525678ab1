import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { LegalStatusClient } from '@opis/legal-status-client';

import { FamilyContactConfig } from '../family-contact.config';
import { FamilyRecordEntity } from '../records/family-record.entity';
import { localProtectionLock } from '../records/family-record.view';
import { ConsularContactRefused, ConsularRefusalReason } from '../records/family.exception';
import { FamilyRepository } from '../records/family.repository';

/**
 * RP-05, RLM-05, INV-06: a consulate is contacted only when neither the local copy (intake's
 * screening, legal-status events) nor legal-status, asked at that moment
 * (`opis.legal-status.q.case-status`), says consular contact is locked. No answer in time is a
 * refusal (fail safe).
 */
@Injectable()
export class ConsularGuard {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: FamilyRepository,
    private readonly legalStatus: LegalStatusClient,
    private readonly config: FamilyContactConfig,
  ) {}

  /** Checks the local copy, then asks legal-status; returns legal-status's `asOf`. Outside any transaction. */
  public async assertAllowed(record: FamilyRecordEntity): Promise<Date> {
    await this.assertLocallyAllowed(this.dataSource.manager, record);
    const answer = await this.legalStatus.caseStatus(record.caseId);
    if (answer.kind === 'silent') {
      throw new ConsularContactRefused(
        ConsularRefusalReason.LEGAL_STATUS_SILENT,
        `Consular contact refused: legal-status did not answer within ${this.config.LEGAL_STATUS_TIMEOUT_MS} ms (${answer.why}), ` +
          'so it cannot be confirmed that the child has no protection need or claim (fail safe, RP-05, INV-06). Try again later.',
      );
    }
    if (answer.reply.consularContactLocked) {
      throw new ConsularContactRefused(
        ConsularRefusalReason.PROTECTION_CLAIMED,
        `Consular contact refused: legal-status reports the consular lock (${answer.reply.reasons.join(', ')}; protection status ${answer.reply.protectionStatus}); ` +
          'the country of origin is not contacted while it holds (RLM-05, RP-05, INV-06).',
      );
    }
    return new Date(answer.reply.asOf);
  }

  /** The local half, re-checked inside the write's transaction in case an event arrived meanwhile. */
  public async assertLocallyAllowed(manager: EntityManager, record: FamilyRecordEntity): Promise<void> {
    const protection = await this.records.findProtection(manager, record.caseId);
    if (localProtectionLock(record, protection)) {
      throw new ConsularContactRefused(
        ConsularRefusalReason.PROTECTION_FLAGGED,
        'Consular contact refused: the case shows a possible international protection need or claim ' +
          '(intake screening or legal-status); the country of origin is not contacted while it holds (RLM-05, RP-05, INV-06).',
      );
    }
  }
}

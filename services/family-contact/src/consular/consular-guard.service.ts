import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { LegalStatusClient } from '@opis/legal-status-client';

import { FamilyContactConfig } from '../family-contact.config';
import { FamilyRecordEntity } from '../records/family-record.entity';
import { FamilyRecordService } from '../records/family-record.service';
import { ConsularContactRefused, ConsularRefusalReason } from '../records/family.exception';
import { answerOfReply, LegalStatusAnswer, newestAnswer } from '../records/legal-status-answer';

/**
 * RP-05, RLM-05, INV-06: a consulate is contacted only when legal-status, asked at that moment
 * (`opis.legal-status.q.case-status`), says consular contact is not locked; no answer in time is a
 * refusal (fail safe). Legal-status is the one source of the lock: family-contact refuses on its
 * answer and its reasons, never on a reading of its own. Two things are checked besides:
 * legal-status's events that arrive between the answer and the commit (a lock published after the
 * answer refuses), and intake's screening flag while legal-status has not yet taken it up (it
 * still says NOT_ASSESSED, which it never goes back to).
 */
@Injectable()
export class ConsularGuard {
  constructor(
    private readonly recordService: FamilyRecordService,
    private readonly legalStatus: LegalStatusClient,
    private readonly config: FamilyContactConfig,
  ) {}

  /** Asks legal-status; returns its answer, which the write re-checks. Outside any transaction. */
  public async assertAllowed(record: FamilyRecordEntity): Promise<LegalStatusAnswer> {
    const answer = await this.legalStatus.caseStatus(record.caseId);
    if (answer.kind === 'silent') {
      throw new ConsularContactRefused(
        ConsularRefusalReason.LEGAL_STATUS_SILENT,
        `Consular contact refused: legal-status did not answer within ${this.config.LEGAL_STATUS_TIMEOUT_MS} ms (${answer.why}), ` +
          'so it cannot be confirmed that the child has no protection need or claim (fail safe, RP-05, INV-06). Try again later.',
      );
    }
    const asked = answerOfReply(answer.reply);
    assertOpen(record, asked);
    return asked;
  }

  /** Inside the write's transaction: legal-status's events applied since its answer, if newer, decide. */
  public async assertStillAllowed(manager: EntityManager, record: FamilyRecordEntity, asked: LegalStatusAnswer): Promise<LegalStatusAnswer> {
    const latest = newestAnswer(asked, await this.recordService.eventsAnswer(manager, record.caseId));
    assertOpen(record, latest);
    return latest;
  }
}

/** The refusal legal-status's answer calls for, coded after its lock and listing its reasons. */
export function assertOpen(record: Pick<FamilyRecordEntity, 'protectionNeedIndicated'>, answer: LegalStatusAnswer): void {
  const asOf = answer.asOf ? answer.asOf.toISOString() : 'unknown';
  if (answer.consularContactLocked) {
    const reasons = answer.reasons.length > 0 ? answer.reasons.join(', ') : 'lock not yet known';
    throw new ConsularContactRefused(
      ConsularRefusalReason.LOCKED,
      `Consular contact refused: legal-status holds the consular lock (reasons: ${reasons}; protection status ${answer.status ?? 'unknown'}; ` +
        `as of ${asOf}${answer.source === 'LEGAL_STATUS_EVENTS' ? ', published after it was asked' : ''}); ` +
        'the country of origin is not contacted while it holds (RLM-05, RP-05, INV-06).',
    );
  }
  if (record.protectionNeedIndicated && answer.status === 'NOT_ASSESSED') {
    throw new ConsularContactRefused(
      ConsularRefusalReason.PROTECTION_FLAGGED,
      `Consular contact refused: intake's screening indicates a possible international protection need that legal-status has not yet taken up ` +
        `(it says NOT_ASSESSED as of ${asOf}); the country of origin is not contacted until it has (LM-12, RLM-05, INV-06). Try again shortly.`,
    );
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { LegalStatusClient } from '@opis/legal-status-client';

import { FamilyContactConfig } from '../family-contact.config';
import { FamilyRecordEntity } from '../records/family-record.entity';
import { FamilyRecordService } from '../records/family-record.service';
import { ConsularContactRefused, ConsularRefusalReason } from '../records/family.exception';
import { answerOfClearance, LegalStatusAnswer, newestAnswer } from '../records/legal-status-answer';

/** What legal-status's clearance allowed a contact on: its answer, and the clearance itself. */
export interface ConsularClearance {
  answer: LegalStatusAnswer;
  clearanceId: string;
  caseVersion: number;
}

/**
 * RP-05, RLM-05, INV-06: a consulate is contacted only when legal-status clears it at that moment,
 * as it clears every move (`opis.legal-status.q.move-clearance`, step CONSULAR_CONTACT): decided
 * and recorded under its legal record's row lock, the lock every change of protection, need or
 * fear takes, and numbered among the case's facts. A claim committed before refuses the contact;
 * a contact cleared before a claim came first, and the record says so (the letter cannot be
 * recalled). No answer in time is a refusal (fail safe). Legal-status is the one source of the
 * lock: family-contact refuses on its answer and its reasons, never on a reading of its own.
 * Two things are checked besides: a lock legal-status published after the clearance (a later case
 * version) that has reached family-contact before its commit, which still keeps the letter from
 * going; and intake's screening flag while legal-status has not yet taken it up (it still says
 * NOT_ASSESSED, which it never goes back to).
 */
@Injectable()
export class ConsularGuard {
  constructor(
    private readonly recordService: FamilyRecordService,
    private readonly legalStatus: LegalStatusClient,
    private readonly config: FamilyContactConfig,
  ) {}

  /**
   * Asks legal-status to clear the contact `contactRef` (the notification's or the tracing
   * attempt's id, which legal-status records with the clearance). Outside any transaction: no row
   * stays locked here while legal-status decides.
   */
  public async assertAllowed(record: FamilyRecordEntity, contactRef: string): Promise<ConsularClearance> {
    const answer = await this.legalStatus.clearMove(record.caseId, 'CONSULAR_CONTACT', contactRef);
    if (answer.kind === 'silent') {
      throw new ConsularContactRefused(
        ConsularRefusalReason.LEGAL_STATUS_SILENT,
        `Consular contact refused: legal-status did not answer within ${this.config.LEGAL_STATUS_TIMEOUT_MS} ms (${answer.why}), ` +
          'so it cannot be confirmed that the child has no protection need or claim (fail safe, RP-05, INV-06). Try again later.',
      );
    }
    const cleared = answerOfClearance(answer.reply);
    assertOpen(record, cleared);
    return { answer: cleared, clearanceId: answer.reply.clearanceId, caseVersion: answer.reply.caseVersion };
  }

  /** Inside the write's transaction: a lock legal-status published after its clearance, if it arrived, decides. */
  public async assertStillAllowed(manager: EntityManager, record: FamilyRecordEntity, cleared: ConsularClearance): Promise<LegalStatusAnswer> {
    const latest = newestAnswer(cleared.answer, await this.recordService.eventsAnswer(manager, record.caseId));
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
  // A status legal-status did not say (an older version of it) cannot show the flag was taken up.
  if (record.protectionNeedIndicated && (answer.status === 'NOT_ASSESSED' || answer.status === null)) {
    throw new ConsularContactRefused(
      ConsularRefusalReason.PROTECTION_FLAGGED,
      `Consular contact refused: intake's screening indicates a possible international protection need that legal-status has not yet taken up ` +
        `(it says ${answer.status ?? 'nothing of it'} as of ${asOf}); the country of origin is not contacted until it has (LM-12, RLM-05, INV-06). Try again shortly.`,
    );
  }
}

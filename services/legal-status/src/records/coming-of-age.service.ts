import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { recordReviewFlaggedV1 } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';
import { addCalendarDays, isCalendarDate, mexicoCityDate } from '@opis/platform';

import { LegalErrorCode, LegalRuleViolation } from '../legal.exception';
import { ComingOfAgeDto } from './coming-of-age.dto';
import { Caller, LegalAccess } from './legal-access.service';
import { LegalRecordEntity } from './legal-record.entity';
import { LegalRecordViews } from './legal-record-views.service';
import { LegalRecordRepository } from './legal-record.repository';
import { LegalRecordView } from './legal-record.view';

const EIGHTEEN_YEARS_DAYS = Math.ceil(18 * 365.25);

/**
 * DOMAIN.md 3.4 [U], GD-12: a child who turns 18 during the case keeps every protection already
 * triggered (a claim, a lock, a VRH); the record is only flagged for an officer's review, on the
 * day, by this service or the deadline scanner. Legal-status learns no date of birth from events
 * (intake's carry the age band alone), so an officer records the day from intake's identity record;
 * it stays in legal-status's database and never goes into an event.
 */
@Injectable()
export class ComingOfAgeService {
  constructor(
    private readonly records: LegalRecordRepository,
    private readonly access: LegalAccess,
    private readonly outbox: OutboxWriter,
    private readonly views: LegalRecordViews,
  ) {}

  public async record(caller: Caller, caseId: string, dto: ComingOfAgeDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'coming-of-age.record', caseId, async (manager, record) => {
      const now = new Date();
      assertComingOfAge(dto.turnsEighteenOn, record.detectedAt, now);
      await this.records.updateRecord(manager, caseId, { turnsEighteenOn: dto.turnsEighteenOn, turnsEighteenBasis: dto.basis });
      await this.flagIfDue(manager, { ...record, turnsEighteenOn: dto.turnsEighteenOn }, now, { kind: 'officer', id: caller.principal.subject });
      return this.views.viewIn(manager, caseId);
    });
  }

  /** Flags the record once its 18th birthday has come; true when it flagged it now. */
  public async flagIfDue(
    manager: EntityManager,
    record: Pick<LegalRecordEntity, 'caseId' | 'officeCode' | 'turnsEighteenOn' | 'ageReviewFlaggedAt'>,
    now: Date,
    actor: { kind: 'officer' | 'system'; id: string },
  ): Promise<boolean> {
    if (!record.turnsEighteenOn || record.ageReviewFlaggedAt || record.turnsEighteenOn > mexicoCityDate(now)) return false;
    await this.records.updateRecord(manager, record.caseId, { ageReviewFlaggedAt: now });
    await this.outbox.appendEvent(manager, recordReviewFlaggedV1, {
      caseId: record.caseId,
      officeCode: record.officeCode as OfficeCode,
      actor,
      occurredAt: now,
      data: { reason: 'TURNED_EIGHTEEN' },
    });
    return true;
  }
}

/**
 * A day the child can turn 18 during the case: after detection (someone adult when detected is
 * decided by a competent age determination in intake, GD-12) and within 18 years from today.
 */
export function assertComingOfAge(turnsEighteenOn: string, detectedAt: Date, now: Date): void {
  if (!isCalendarDate(turnsEighteenOn)) {
    throw new LegalRuleViolation(LegalErrorCode.COMING_OF_AGE_IMPOSSIBLE, `${turnsEighteenOn} is not a date.`, 'GD-12', [
      { field: 'turnsEighteenOn', rule: 'isDate', message: 'turnsEighteenOn must be a calendar date' },
    ]);
  }
  if (turnsEighteenOn <= mexicoCityDate(detectedAt)) {
    throw new LegalRuleViolation(
      LegalErrorCode.COMING_OF_AGE_IMPOSSIBLE,
      'The person was 18 or older when detected: only a competent age determination, in intake, takes a person out of the child flow.',
      'GD-12',
      [{ field: 'turnsEighteenOn', rule: 'afterDetection', message: 'turnsEighteenOn must be after the day the child was detected' }],
    );
  }
  if (turnsEighteenOn > addCalendarDays(mexicoCityDate(now), EIGHTEEN_YEARS_DAYS)) {
    throw new LegalRuleViolation(LegalErrorCode.COMING_OF_AGE_IMPOSSIBLE, 'A child turns 18 within 18 years of today.', 'GD-12', [
      { field: 'turnsEighteenOn', rule: 'withinEighteenYears', message: 'turnsEighteenOn must be within 18 years from today' },
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { deadlineAlertedV1 } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';
import { mexicoCityDate, PeriodicJob, PinoLoggerService } from '@opis/platform';

import { LegalCalendar } from '../calendar/legal-calendar.service';
import { LegalStatusConfig } from '../legal-status.config';
import { ComingOfAgeService } from '../records/coming-of-age.service';
import { LegalRecordEntity } from '../records/legal-record.entity';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { DeadlinePolicy, dueAlerts } from './deadline-rules';
import { DeadlineRepository } from './deadline.repository';

/**
 * Raises `legal.deadline.alerted` once per deadline occurrence and level (IP-02, IP-03, IP-04,
 * LM-17, IP-06): COMAR's decision approaching and due, COMAR's 72-hour notice missed, the
 * permanent-residence task overdue; and flags for review a record whose child turned 18. Candidates are read without locks; each alert is decided
 * again in its own short transaction on the locked record, so it is never raised on a state
 * that a change committed meanwhile left behind.
 */
@Injectable()
export class DeadlineScanner extends PeriodicJob {
  private readonly policy: DeadlinePolicy;

  constructor(
    private readonly dataSource: DataSource,
    private readonly records: LegalRecordRepository,
    private readonly deadlines: DeadlineRepository,
    private readonly calendar: LegalCalendar,
    private readonly outbox: OutboxWriter,
    private readonly config: LegalStatusConfig,
    private readonly comingOfAge: ComingOfAgeService,
    logger: PinoLoggerService,
  ) {
    super('deadline-scanner', config.DEADLINE_SCAN_INTERVAL_MS, logger);
    this.policy = {
      claimTermWorkingDays: config.CLAIM_DECISION_WORKING_DAYS,
      claimAlertWorkingDays: [config.CLAIM_FIRST_ALERT_WORKING_DAY, config.CLAIM_SECOND_ALERT_WORKING_DAY],
    };
  }

  public async runOnce(now: Date = new Date()): Promise<number> {
    const manager = this.dataSource.manager;
    const calendar = await this.calendar.load(manager);
    const candidates = await this.deadlines.findDeadlineCandidates(manager, this.config.OFFICES ?? OFFICE_CODES);
    const raised = new Set((await this.deadlines.findAlerts(manager, candidates.map((record) => record.caseId))).map((alert) => `${alert.caseId}|${alert.deadline}|${alert.alertKey}`));
    let count = 0;
    for (const candidate of candidates) {
      const pending = dueAlerts(candidate, calendar, this.policy, now).filter((alert) => !raised.has(`${candidate.caseId}|${alert.deadline}|${alert.key}`));
      if (pending.length === 0) continue;
      count += await this.onFreeRecord(candidate.caseId, 0, async (tx, record) => {
        let added = 0;
        for (const alert of dueAlerts(record, calendar, this.policy, now)) {
          if (!(await this.deadlines.insertAlert(tx, { caseId: record.caseId, deadline: alert.deadline, alertKey: alert.key, level: alert.level, raisedAt: now }))) continue;
          await this.outbox.appendEvent(tx, deadlineAlertedV1, {
            caseId: record.caseId,
            officeCode: record.officeCode as OfficeCode,
            actor: { kind: 'system', id: 'legal-status' },
            occurredAt: now,
            data: {
              deadline: alert.deadline,
              level: alert.level,
              ...(alert.workingDay !== undefined ? { workingDay: alert.workingDay } : {}),
              ...(alert.dueDate ? { dueDate: alert.dueDate } : {}),
              ...(alert.dueAt ? { dueAt: alert.dueAt } : {}),
            },
          });
          added += 1;
        }
        return added;
      });
    }
    return count + (await this.flagComingOfAge(now));
  }

  /** DOMAIN.md 3.4: a child who turned 18 today or before, not flagged yet, is flagged for review once. */
  private async flagComingOfAge(now: Date): Promise<number> {
    let count = 0;
    for (const caseId of await this.deadlines.findAgeReviewsDue(this.dataSource.manager, this.config.OFFICES ?? OFFICE_CODES, mexicoCityDate(now))) {
      const flagged = await this.onFreeRecord(caseId, false, (tx, record) => this.comingOfAge.flagIfDue(tx, record, now, { kind: 'system', id: 'legal-status' }));
      if (flagged) count += 1;
    }
    return count;
  }

  /** Runs `decide` on the record locked in its own transaction; `skipped` when another transaction holds it or it is gone. */
  private onFreeRecord<T>(caseId: string, skipped: T, decide: (tx: EntityManager, record: LegalRecordEntity) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.deadlines.lockRecordIfFree(tx, caseId))) return skipped;
      const record = await this.records.findRecord(tx, caseId);
      return record ? decide(tx, record) : skipped;
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { residenceTaskChangedV1, ResidenceTaskStatus } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';
import { mexicoCityDate } from '@opis/platform';

import { LegalCalendar } from '../calendar/legal-calendar.service';
import { LegalStatusConfig } from '../legal-status.config';
import { LegalConflict, LegalErrorCode } from '../legal.exception';
import { assertRecordedTime } from '../procedure/procedure.service';
import { Caller, LegalAccess } from '../records/legal-access.service';
import { LegalRecordEntity } from '../records/legal-record.entity';
import { LegalRecordViews } from '../records/legal-record-views.service';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { LegalRecordView } from '../records/legal-record.view';
import { AssignResidenceTaskDto, CompleteResidenceTaskDto } from './residence-task.dto';

function assertOpenTask(record: LegalRecordEntity): void {
  if (!record.residenceTaskOpenedAt) {
    throw new LegalConflict(LegalErrorCode.RESIDENCE_TASK_STATE, 'No permanent-residence task: it opens when refugee status or complementary protection is granted.', 'LM-17');
  }
  if (record.residenceTaskCompletedAt) {
    throw new LegalConflict(LegalErrorCode.RESIDENCE_TASK_STATE, 'The permanent-residence task is completed already.', 'LM-17');
  }
}

/**
 * LM-17, IP-06: a positive protection decision gives the right to permanent residence, so it
 * opens a task with an owner and a due date; it is completed with the document that shows it.
 * The deadline scanner alerts when it is overdue.
 */
@Injectable()
export class ResidenceTaskService {
  constructor(
    private readonly records: LegalRecordRepository,
    private readonly access: LegalAccess,
    private readonly calendar: LegalCalendar,
    private readonly outbox: OutboxWriter,
    private readonly views: LegalRecordViews,
    private readonly config: LegalStatusConfig,
  ) {}

  /** Opens the task, owned by whoever recorded the grant; in the grant's transaction. */
  public async open(manager: EntityManager, record: LegalRecordEntity, owner: string, now: Date): Promise<void> {
    const dueOn = (await this.calendar.load(manager)).addWorkingDays(mexicoCityDate(now), this.config.RESIDENCE_TASK_WORKING_DAYS);
    await this.records.updateRecord(manager, record.caseId, { residenceTaskOpenedAt: now, residenceTaskOwner: owner, residenceTaskDueOn: dueOn });
    await this.publish(manager, record, 'OPEN', dueOn, owner, owner);
  }

  public async complete(caller: Caller, caseId: string, dto: CompleteResidenceTaskDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'residence-task.complete', caseId, async (manager, record) => {
      const completedAt = new Date(dto.completedAt);
      assertRecordedTime(completedAt, 'completedAt', record);
      assertOpenTask(record);
      await this.records.updateRecord(manager, caseId, {
        residenceTaskCompletedAt: completedAt,
        residenceTaskCompletedBy: caller.principal.subject,
        residenceTaskDocumentReference: dto.documentReference,
      });
      await this.publish(manager, record, 'COMPLETED', record.residenceTaskDueOn as string, record.residenceTaskOwner as string, caller.principal.subject);
      return this.views.viewIn(manager, caseId);
    });
  }

  public async assign(caller: Caller, caseId: string, dto: AssignResidenceTaskDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'residence-task.assign', caseId, async (manager, record) => {
      assertOpenTask(record);
      await this.records.updateRecord(manager, caseId, { residenceTaskOwner: dto.owner });
      await this.publish(manager, record, 'OPEN', record.residenceTaskDueOn as string, dto.owner, caller.principal.subject);
      return this.views.viewIn(manager, caseId);
    });
  }

  private async publish(manager: EntityManager, record: LegalRecordEntity, status: ResidenceTaskStatus, dueDate: string, owner: string, actor: string): Promise<void> {
    await this.outbox.appendEvent(manager, residenceTaskChangedV1, {
      caseId: record.caseId,
      officeCode: record.officeCode as OfficeCode,
      actor: { kind: 'officer', id: actor },
      data: { status, dueDate, owner },
    });
  }
}

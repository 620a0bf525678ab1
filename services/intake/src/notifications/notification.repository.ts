import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { DifChannellingEntity, MpNoticeTaskEntity, ProcuraduriaNotificationEntity } from '../cases/case-records.entity';

export interface MpNoticeCompletion {
  notifiedAt: Date;
  notifiedBy: string;
  mpOffice: string;
  mpReference: string;
  recordedBy: string;
  recordedAt: Date;
}

/** The notices a case owes (Procuraduría, DIF, the Public Prosecutor) and the MP notice task's life. */
@Injectable()
export class NotificationRepository {
  public async insertNotification(manager: EntityManager, record: ProcuraduriaNotificationEntity): Promise<void> {
    await manager.insert(ProcuraduriaNotificationEntity, record);
  }

  public async insertChannelling(manager: EntityManager, record: DifChannellingEntity): Promise<void> {
    await manager.insert(DifChannellingEntity, record);
  }

  /** Opens the case's MP notice task, or reopens one a correction cancelled; false when one is open or done. */
  public async openMpNotice(manager: EntityManager, caseId: string, openedAt: Date, dueAt: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO mp_notice_task (case_id, opened_at, due_at) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE
         SET opened_at = EXCLUDED.opened_at, due_at = EXCLUDED.due_at, cancelled_at = NULL, overdue_raised_at = NULL
         WHERE mp_notice_task.cancelled_at IS NOT NULL
       RETURNING case_id`,
      [caseId, openedAt, dueAt],
    );
    return rows.length > 0;
  }

  /** A correction withdrew the indicators: an open task is cancelled; a notice already made stays. */
  public async cancelMpNotice(manager: EntityManager, caseId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE mp_notice_task SET cancelled_at = $2 WHERE case_id = $1 AND notified_at IS NULL AND cancelled_at IS NULL`,
      [caseId, at],
    );
  }

  public async completeMpNotice(manager: EntityManager, caseId: string, completion: MpNoticeCompletion): Promise<void> {
    await manager.update(MpNoticeTaskEntity, { caseId }, completion);
  }
}

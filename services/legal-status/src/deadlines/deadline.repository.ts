import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, Not } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';

import { LegalAlertEntity, LegalRecordEntity } from '../records/legal-record.entity';

/** What the deadline scanner reads and raises: records with a running deadline, coming-of-age reviews, alerts. */
@Injectable()
export class DeadlineRepository {
  /** Records with a deadline that may alert: a pending claim, COMAR's notice not received, a residence task not done. */
  public async findDeadlineCandidates(manager: EntityManager, offices: readonly OfficeCode[]): Promise<LegalRecordEntity[]> {
    const office = In([...offices]);
    return manager.find(LegalRecordEntity, {
      where: [
        { officeCode: office, protectionStatus: 'CLAIM_PENDING' },
        { officeCode: office, comarNoticeDueAt: Not(IsNull()), comarNoticeReceivedAt: IsNull() },
        { officeCode: office, residenceTaskOpenedAt: Not(IsNull()), residenceTaskCompletedAt: IsNull() },
      ],
      order: { caseId: 'ASC' },
    });
  }

  public async findAlerts(manager: EntityManager, caseIds: readonly string[]): Promise<LegalAlertEntity[]> {
    if (caseIds.length === 0) return [];
    return manager.find(LegalAlertEntity, { where: { caseId: In([...caseIds]) } });
  }

  /** Records whose child turned 18 by `today` and that are not flagged for review yet (DOMAIN.md 3.4). */
  public async findAgeReviewsDue(manager: EntityManager, offices: readonly OfficeCode[], today: string): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await manager.query(
      `SELECT case_id FROM legal_record
        WHERE age_review_flagged_at IS NULL AND turns_eighteen_on <= $2::date AND office_code = ANY($1::text[])
        ORDER BY case_id`,
      [offices, today],
    );
    return rows.map((row) => row.case_id);
  }

  /** Locks the record unless another transaction holds it (that change is looked at again next time). */
  public async lockRecordIfFree(manager: EntityManager, caseId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT case_id FROM legal_record WHERE case_id = $1 FOR UPDATE SKIP LOCKED`, [caseId]);
    return rows.length > 0;
  }

  /** True when this call raised the alert; false when it was raised before (by this or another instance). */
  public async insertAlert(manager: EntityManager, alert: LegalAlertEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO legal_alert (case_id, deadline, alert_key, level, raised_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id, deadline, alert_key) DO NOTHING RETURNING case_id`,
      [alert.caseId, alert.deadline, alert.alertKey, alert.level, alert.raisedAt],
    );
    return rows.length > 0;
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { TracingAttemptEntity, VerificationEntity } from '../records/family-activity.entity';

/** The search for a family member and the verification of the one found. */
@Injectable()
export class MemberRepository {
  public async insertTracingAttempt(manager: EntityManager, attempt: TracingAttemptEntity): Promise<void> {
    await manager.insert(TracingAttemptEntity, attempt);
  }

  /** When the case's first tracing attempt happened, if any. */
  public async firstTracingAttemptAt(manager: EntityManager, caseId: string): Promise<Date | null> {
    const [row] = await manager.query('SELECT min(attempted_at) AS first FROM tracing_attempt WHERE case_id = $1', [caseId]);
    return row?.first ? new Date(row.first) : null;
  }

  public async insertVerification(manager: EntityManager, verification: VerificationEntity): Promise<void> {
    await manager.insert(VerificationEntity, verification);
  }

  public async findLatestVerification(manager: EntityManager, contactId: string): Promise<VerificationEntity | null> {
    return manager.findOne(VerificationEntity, { where: { contactId }, order: { recordedAt: 'DESC' } });
  }
}

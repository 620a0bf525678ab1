import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { BestInterestsRecordEntity } from '../records/legal-record.entity';

/** Best-interests determinations and plans, oldest first. */
@Injectable()
export class BestInterestsRepository {
  public async insertBestInterests(manager: EntityManager, record: BestInterestsRecordEntity): Promise<void> {
    await manager.insert(BestInterestsRecordEntity, record);
  }

  public async findBestInterests(manager: EntityManager, caseId: string): Promise<BestInterestsRecordEntity[]> {
    return manager.find(BestInterestsRecordEntity, { where: { caseId }, order: { decidedAt: 'ASC', id: 'ASC' } });
  }

  public async findLatestPlan(manager: EntityManager, caseId: string): Promise<BestInterestsRecordEntity | null> {
    return manager.findOne(BestInterestsRecordEntity, { where: { caseId, recordType: 'PLAN' }, order: { decidedAt: 'DESC', id: 'DESC' } });
  }
}

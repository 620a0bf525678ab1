import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { DueProcessItemEntity } from '../records/legal-record.entity';

/** The migration procedure's due-process checklist. */
@Injectable()
export class ProcedureRepository {
  public async upsertChecklistItem(manager: EntityManager, item: DueProcessItemEntity): Promise<void> {
    await manager.upsert(DueProcessItemEntity, item, ['caseId', 'item']);
  }

  public async findChecklist(manager: EntityManager, caseId: string): Promise<DueProcessItemEntity[]> {
    return manager.find(DueProcessItemEntity, { where: { caseId }, order: { item: 'ASC' } });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseEntity } from '../cases/case.entity';
import {
  AgeDeterminationEntity,
  CaseAssignmentEntity,
  CaseIdentificationEntity,
  CaseScreeningEntity,
  CaseTransferEntity,
} from '../cases/case-records.entity';
import { PersonEntity } from '../people/person.entity';

/** The records a case's life after registration adds: who holds it, where, whose it is, what was established. */
@Injectable()
export class CaseLifecycleRepository {
  public async updatePerson(manager: EntityManager, personId: string, changes: Partial<PersonEntity>): Promise<void> {
    await manager.update(PersonEntity, { id: personId }, { ...changes, updatedAt: new Date() });
  }

  public async findPerson(manager: EntityManager, personId: string): Promise<PersonEntity | null> {
    return manager.findOne(PersonEntity, { where: { id: personId } });
  }

  public async findCasesOfPerson(manager: EntityManager, personId: string): Promise<CaseEntity[]> {
    return manager.find(CaseEntity, { where: { personId }, order: { registeredAt: 'ASC' } });
  }

  public async insertAssignment(manager: EntityManager, record: Omit<CaseAssignmentEntity, 'id'>): Promise<void> {
    await manager.insert(CaseAssignmentEntity, record);
  }

  public async insertTransfer(manager: EntityManager, record: Omit<CaseTransferEntity, 'id'>): Promise<void> {
    await manager.insert(CaseTransferEntity, record);
  }

  public async insertIdentification(manager: EntityManager, record: CaseIdentificationEntity): Promise<void> {
    await manager.insert(CaseIdentificationEntity, record);
  }

  public async insertScreening(manager: EntityManager, record: CaseScreeningEntity): Promise<void> {
    await manager.insert(CaseScreeningEntity, record);
  }

  public async insertAgeDetermination(manager: EntityManager, record: AgeDeterminationEntity): Promise<void> {
    await manager.insert(AgeDeterminationEntity, record);
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';

import { PersonEntity } from '../people/person.entity';
import { CaseEntity } from './case.entity';
import {
  AgeDeterminationEntity,
  CaseIdentificationEntity,
  CaseScreeningEntity,
  DifChannellingEntity,
  MpNoticeTaskEntity,
  ProcuraduriaNotificationEntity,
} from './case-records.entity';

export interface CaseListFilter {
  offices: readonly OfficeCode[];
  status?: string;
  nationality?: string;
  ageBand?: string;
  accompaniment?: string;
  detectedFrom?: Date;
  detectedTo?: Date;
  searchName?: string;
  after?: { registeredAt: Date; id: string };
  limit: number;
}

/** The records a case's view shows beside the case itself. */
export interface CaseRecords {
  notification: ProcuraduriaNotificationEntity | null;
  channelling: DifChannellingEntity | null;
  identification: CaseIdentificationEntity | null;
  screening: CaseScreeningEntity | null;
  ageDetermination: AgeDeterminationEntity | null;
  mpNotice: MpNoticeTaskEntity | null;
}

export interface CaseWithPerson {
  case: CaseEntity;
  person: PersonEntity;
}

/** A case as every feature reads it: the case with its person, its records, the office's list; and its one row's update. */
@Injectable()
export class CaseRepository {
  public async findWithPerson(
    manager: EntityManager,
    caseId: string,
    options: { lock?: boolean } = {},
  ): Promise<CaseWithPerson | null> {
    const entity = await manager.findOne(CaseEntity, {
      where: { id: caseId },
      lock: options.lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!entity) return null;
    const person = await manager.findOneOrFail(PersonEntity, { where: { id: entity.personId } });
    return { case: entity, person };
  }

  /** The id of the case of a number, read as the case is then read: by id, under its office's scope. */
  public async findIdByNumber(manager: EntityManager, caseNumber: string): Promise<string | null> {
    const entity = await manager.findOne(CaseEntity, { select: { id: true }, where: { caseNumber } });
    return entity?.id ?? null;
  }

  public async findRecords(manager: EntityManager, caseId: string): Promise<CaseRecords> {
    // One after another: inside a transaction the manager has a single connection.
    const notification = await manager.findOne(ProcuraduriaNotificationEntity, { where: { caseId } });
    const channelling = await manager.findOne(DifChannellingEntity, { where: { caseId } });
    const identification = await manager.findOne(CaseIdentificationEntity, { where: { caseId } });
    const screening = await manager.findOne(CaseScreeningEntity, { where: { caseId } });
    const ageDetermination = await manager.findOne(AgeDeterminationEntity, { where: { caseId } });
    const mpNotice = await manager.findOne(MpNoticeTaskEntity, { where: { caseId } });
    return { notification, channelling, identification, screening, ageDetermination, mpNotice };
  }

  public async list(manager: EntityManager, filter: CaseListFilter): Promise<CaseWithPerson[]> {
    const query = manager
      .createQueryBuilder(CaseEntity, 'c')
      .innerJoinAndMapOne('c.person', PersonEntity, 'p', 'p.id = c.person_id')
      .where('c.office_code IN (:...offices)', { offices: filter.offices })
      .orderBy('c.registered_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(filter.limit);
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.nationality) query.andWhere('p.nationality = :nationality', { nationality: filter.nationality });
    if (filter.ageBand) query.andWhere('c.age_band = :ageBand', { ageBand: filter.ageBand });
    if (filter.accompaniment) query.andWhere('c.accompaniment = :accompaniment', { accompaniment: filter.accompaniment });
    if (filter.detectedFrom) query.andWhere('c.detected_at >= :detectedFrom', { detectedFrom: filter.detectedFrom });
    if (filter.detectedTo) query.andWhere('c.detected_at < :detectedTo', { detectedTo: filter.detectedTo });
    if (filter.searchName) {
      query.andWhere(`(p.search_name % :searchName OR p.search_name LIKE :searchLike)`, {
        searchName: filter.searchName,
        searchLike: `%${filter.searchName.replace(/[\\%_]/g, (character) => `\\${character}`)}%`,
      });
    }
    if (filter.after) {
      query.andWhere('(c.registered_at, c.id) < (:afterAt, :afterId)', {
        afterAt: filter.after.registeredAt,
        afterId: filter.after.id,
      });
    }
    const cases = await query.getMany();
    return cases.map((entity) => ({ case: entity, person: entity.person as PersonEntity }));
  }

  public async updateCase(manager: EntityManager, caseId: string, changes: Partial<CaseEntity>): Promise<void> {
    await manager.update(CaseEntity, { id: caseId }, { ...changes, updatedAt: new Date() });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { IncidentEntity, ReceptionEntity, ReceptionHandoverEntity } from './reception.entity';

/** What the US notice says, and who opened the reception when. */
export type NewReception = Pick<
  ReceptionEntity,
  'id' | 'officeCode' | 'usAgency' | 'usStation' | 'usReference' | 'expectedPointCode' | 'expectedAt' | 'consulateNotified' | 'usScreeningRecord' | 'openedAt' | 'openedBy'
>;

export type ReceptionHandover = Omit<ReceptionHandoverEntity, 'receptionId'>;

export type Incident = Pick<IncidentEntity, 'id' | 'kind' | 'pointCode' | 'occurredAt'>;

/** Receptions of children returned from the USA, their hand-overs and incidents: the only code that touches those tables. */
@Injectable()
export class ReceptionRepository {
  public async insert(manager: EntityManager, reception: NewReception): Promise<void> {
    await manager.insert(ReceptionEntity, { ...reception, status: 'NOTICE_RECEIVED' });
  }

  public async find(manager: EntityManager, id: string, options: { lock: boolean } = { lock: false }): Promise<ReceptionEntity | null> {
    return manager.findOne(ReceptionEntity, { where: { id }, ...(options.lock ? { lock: { mode: 'pessimistic_write' } } : {}) });
  }

  public async findByCase(manager: EntityManager, caseId: string): Promise<ReceptionEntity | null> {
    return manager.findOne(ReceptionEntity, { where: { caseId } });
  }

  /** A field left undefined is written as null, as a step that names it means to clear it. */
  public async update(manager: EntityManager, id: string, change: Partial<Omit<ReceptionEntity, 'id'>>): Promise<void> {
    const entries = Object.entries(change);
    if (entries.length === 0) return;
    await manager.update(ReceptionEntity, { id }, Object.fromEntries(entries.map(([key, value]) => [key, value ?? null])));
  }

  public async insertHandover(manager: EntityManager, receptionId: string, handover: ReceptionHandover): Promise<void> {
    await manager.insert(ReceptionHandoverEntity, { ...handover, receptionId });
  }

  public async handover(manager: EntityManager, receptionId: string): Promise<ReceptionHandover | null> {
    return manager.findOne(ReceptionHandoverEntity, { where: { receptionId } });
  }

  /** One incident of a kind per reception, however often the arrival is recorded. */
  public async insertIncident(manager: EntityManager, incident: Incident & { receptionId: string }): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO incident (id, kind, reception_id, point_code, occurred_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (reception_id, kind) DO NOTHING RETURNING id`,
      [incident.id, incident.kind, incident.receptionId, incident.pointCode, incident.occurredAt],
    );
    return rows.length === 1;
  }

  public async incidents(manager: EntityManager, receptionId: string): Promise<Incident[]> {
    return manager.find(IncidentEntity, { select: { id: true, kind: true, pointCode: true, occurredAt: true }, where: { receptionId }, order: { occurredAt: 'ASC' } });
  }
}

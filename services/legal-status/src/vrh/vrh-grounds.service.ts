import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventActor, OfficeCode } from '@opis/contracts-envelope';
import { vrhChangedV1, VrhType } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';

import { LegalRecordEntity } from '../records/legal-record.entity';
import { VrhGroundRepository } from './vrh-ground.repository';

/**
 * LM-17: the grounds of a foreign child's humanitarian stay, each begun or ended in the change's
 * transaction and published as `legal.vrh.changed`. A Mexican child needs no visitor's stay.
 */
@Injectable()
export class VrhGrounds {
  constructor(
    private readonly grounds: VrhGroundRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  public async start(
    manager: EntityManager,
    record: Pick<LegalRecordEntity, 'caseId' | 'officeCode' | 'nationality'>,
    vrhType: VrhType,
    since: Date,
    source: string,
    context: { actor: EventActor; correlationId?: string },
  ): Promise<void> {
    if (record.nationality === 'MX') return;
    if (!(await this.grounds.startVrhGround(manager, { caseId: record.caseId, vrhType, since, source }))) return;
    await this.publish(manager, record, { vrhType, active: true, since: since.toISOString() }, context);
  }

  public async end(
    manager: EntityManager,
    record: Pick<LegalRecordEntity, 'caseId' | 'officeCode'>,
    vrhType: VrhType,
    at: Date,
    context: { actor: EventActor; correlationId?: string },
  ): Promise<void> {
    const ended = await this.grounds.endVrhGround(manager, record.caseId, vrhType, at);
    if (ended) await this.publish(manager, record, { vrhType, active: false, since: ended.since.toISOString() }, context);
  }

  private async publish(
    manager: EntityManager,
    record: Pick<LegalRecordEntity, 'caseId' | 'officeCode'>,
    data: { vrhType: VrhType; active: boolean; since: string },
    context: { actor: EventActor; correlationId?: string },
  ): Promise<void> {
    await this.outbox.appendEvent(manager, vrhChangedV1, { caseId: record.caseId, officeCode: record.officeCode as OfficeCode, ...context, data });
  }
}

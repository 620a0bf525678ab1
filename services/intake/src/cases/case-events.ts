import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { createEnvelope, EventActor, EventContract, eventSubject, OfficeCode } from '@opis/contracts-envelope';
import { CaseCategories, CaseSummaryPayload } from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';

import { PersonEntity } from '../people/person.entity';
import { CaseEntity } from './case.entity';

export function caseCategories(entity: CaseEntity, person: PersonEntity): CaseCategories {
  return {
    ageBand: entity.ageBand as CaseCategories['ageBand'],
    sex: person.sex as CaseCategories['sex'],
    nationality: person.nationality,
    accompaniment: entity.accompaniment as CaseCategories['accompaniment'],
  };
}

export function caseSummary(entity: CaseEntity, person: PersonEntity): CaseSummaryPayload {
  return {
    ...caseCategories(entity, person),
    personId: person.id,
    screening: {
      protectionNeedIndicated: entity.protectionNeedIndicated,
      traffickingIndicators: entity.traffickingIndicators,
      medicalEmergency: entity.medicalEmergency,
      disability: entity.disability,
      pregnant: entity.pregnant,
    },
  };
}

export interface CaseEventFields<TData extends object> {
  caseId: string;
  officeCode: OfficeCode;
  actor: EventActor;
  data: TData;
  occurredAt?: Date;
  correlationId?: string;
}

/** Writes an intake event to the outbox in the caller's transaction. */
@Injectable()
export class CaseEvents {
  constructor(private readonly outbox: OutboxWriter) {}

  public async append<TData extends object>(
    manager: EntityManager,
    contract: EventContract<TData>,
    fields: CaseEventFields<TData>,
  ): Promise<void> {
    const envelope = createEnvelope({ name: contract.name, ...fields });
    await this.outbox.append(manager, envelope, eventSubject(contract.name, fields.officeCode));
  }
}

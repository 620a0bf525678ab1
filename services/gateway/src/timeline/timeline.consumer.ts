import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CARE_EVENTS } from '@opis/contracts-care';
import { EventContract, EventEnvelope } from '@opis/contracts-envelope';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { NOTIFICATIONS_EVENTS } from '@opis/contracts-notifications';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';
import { ConsumerSpec, EventConsumerFactory } from '@opis/messaging';

import {
  GATEWAY_CARE_CONSUMER,
  GATEWAY_FAMILY_CONTACT_CONSUMER,
  GATEWAY_INTAKE_CONSUMER,
  GATEWAY_LEGAL_STATUS_CONSUMER,
  GATEWAY_NOTIFICATIONS_CONSUMER,
  GATEWAY_REPATRIATION_CONSUMER,
} from '@opis/platform-services';

const SOURCES: [ConsumerSpec, string, typeof INTAKE_EVENTS][] = [
  [GATEWAY_INTAKE_CONSUMER, 'intake', INTAKE_EVENTS],
  [GATEWAY_CARE_CONSUMER, 'care', CARE_EVENTS],
  [GATEWAY_FAMILY_CONTACT_CONSUMER, 'family-contact', FAMILY_CONTACT_EVENTS],
  [GATEWAY_LEGAL_STATUS_CONSUMER, 'legal-status', LEGAL_STATUS_EVENTS],
  [GATEWAY_REPATRIATION_CONSUMER, 'repatriation', REPATRIATION_EVENTS],
  [GATEWAY_NOTIFICATIONS_CONSUMER, 'notifications', NOTIFICATIONS_EVENTS],
];

/**
 * A producer that moves an event to a new version publishes both for a while (intake's
 * registration: v2, then v1): one fact, so the timeline takes the newest version of each event and
 * only records the others as seen.
 */
export function newestVersions(contracts: readonly EventContract[]): EventContract[] {
  const newest = new Map<string, EventContract>();
  for (const contract of contracts) {
    const { service, aggregate, event } = contract.name;
    const key = `${service}.${aggregate}.${event}`;
    if ((newest.get(key)?.name.version ?? 0) < contract.name.version) newest.set(key, contract);
  }
  return [...newest.values()];
}

/** Every event of every service becomes one timeline row, in the consumer's transaction. */
@Injectable()
export class TimelineConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumerFactory) {}

  public async onApplicationBootstrap(): Promise<void> {
    for (const [spec, service, contracts] of SOURCES) {
      await this.consumers.start({
        ...spec,
        batchSize: 128,
        applyBatchSize: 128,
        contracts,
        handles: newestVersions(contracts),
        handler: (envelope, manager) => record(service, envelope, manager),
      });
    }
  }
}

async function record(service: string, envelope: EventEnvelope, manager: EntityManager): Promise<void> {
  await manager.query(
    `INSERT INTO timeline_entry (event_id, case_id, office_code, service, type, occurred_at, actor_kind, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
    [envelope.id, envelope.caseId, envelope.officeCode, service, envelope.type, envelope.occurredAt, envelope.actor.kind, envelope.actor.id],
  );
}

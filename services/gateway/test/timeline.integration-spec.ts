import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';

import { careNeedDeliveredV1 } from '@opis/contracts-care';
import { createEnvelope, EventContract, EventEnvelope, eventSubject, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { callLoggedV1 } from '@opis/contracts-family-contact';
import { caseRegisteredV1, caseRegisteredV2 } from '@opis/contracts-intake';
import { protectionChangedV1 } from '@opis/contracts-legal-status';
import { namespacedStream, namespacedSubject } from '@opis/messaging';
import { ServiceHarness } from '@opis/service-harness';
import { CaseVersions, waitFor } from '@opis/testing';
import { GATEWAY_CONSUMERS } from '@opis/platform-services';

import { GatewayConfig } from '../src/gateway.config';
import { GatewayTestBed, startGateway } from './gateway-harness';

// The case timeline: every service's events about a case, in the order they happened (not the
// order they arrived), with who and when, each once however often it is delivered.
describe('case timeline', () => {
  const versions = new CaseVersions();
  let bed: GatewayTestBed;
  let nc: NatsConnection;
  let namespace: string;
  let gateway: ServiceHarness<GatewayConfig>;

  const publish = async <T extends object>(contract: EventContract<T>, caseId: string, office: OfficeCode, occurredAt: string, actor: string): Promise<EventEnvelope<T>> => {
    const envelope = createEnvelope({
      name: contract.name,
      caseId,
      officeCode: office,
      actor: { kind: 'officer', id: actor },
      caseVersion: versions.next(contract.name.service, caseId),
      data: contract.example as T,
      occurredAt: new Date(occurredAt),
    });
    await jetstream(nc).publish(namespacedSubject(eventSubject(contract.name, office), namespace), JSON.stringify(envelope), { msgID: envelope.id });
    return envelope;
  };

  beforeAll(async () => {
    bed = await startGateway('gateway-timeline');
    ({ nc, namespace, service: gateway } = bed);
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('orders a case’s events from every service by when they happened, with who, each once and in its newest version; another office sees nothing', async () => {
    const caseId = uuidv7();
    // Published stream by stream, not in the order they happened.
    const call = await publish(callLoggedV1, caseId, 'CHP', '2026-03-01T10:30:00Z', 'opi-ana');
    const registered = await publish(caseRegisteredV2, caseId, 'CHP', '2026-03-01T10:00:00Z', 'opi-luis');
    // The same registration in its older version, as intake publishes it after v2: not a second line.
    await publish(caseRegisteredV1, caseId, 'CHP', '2026-03-01T10:00:00Z', 'opi-luis');
    const meal = await publish(careNeedDeliveredV1, caseId, 'CHP', '2026-03-01T10:15:00Z', 'opi-ana');
    const claim = await publish(protectionChangedV1, caseId, 'CHP', '2026-03-01T11:00:00Z', 'opi-sofia');
    // A redelivery of the same event (a republish from the producer's outbox) adds nothing.
    await jetstream(nc).publish(namespacedSubject(eventSubject(careNeedDeliveredV1.name, 'CHP'), namespace), JSON.stringify(meal), { msgID: uuidv7() });
    const officer = await gateway.token(['officer'], ['CHP']);

    await waitFor('four events on the timeline', async () => (await gateway.request('GET', `/v1/cases/${caseId}/timeline`, { token: officer })).body?.items?.length === 4, {
      timeoutMs: 30_000,
    });
    const jsm = await jetstreamManager(nc);
    await waitFor(
      'every delivery acknowledged',
      async () => {
        for (const spec of GATEWAY_CONSUMERS) {
          const info = await jsm.consumers.info(namespacedStream(spec.stream, namespace), spec.durable);
          if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
        }
        return true;
      },
      { timeoutMs: 30_000 },
    );
    const timeline = await gateway.request('GET', `/v1/cases/${caseId}/timeline`, { token: officer });

    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((item: { eventId: string; service: string; actor: { id: string }; occurredAt: string }) => [item.eventId, item.service, item.actor.id, item.occurredAt])).toEqual([
      [registered.id, 'intake', 'opi-luis', '2026-03-01T10:00:00.000Z'],
      [meal.id, 'care', 'opi-ana', '2026-03-01T10:15:00.000Z'],
      [call.id, 'family-contact', 'opi-ana', '2026-03-01T10:30:00.000Z'],
      [claim.id, 'legal-status', 'opi-sofia', '2026-03-01T11:00:00.000Z'],
    ]);
    expect(timeline.body.items[0].type).toBe(registered.type);

    const elsewhere = await gateway.request('GET', `/v1/cases/${caseId}/timeline`, { token: await gateway.token(['officer'], ['TAB']) });
    const unknown = await gateway.request('GET', `/v1/cases/${uuidv7()}/timeline`, { token: officer });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, unknown.body.code]);
    expect(unknown.status).toBe(404);
    expect((await gateway.request('GET', `/v1/cases/${caseId}/timeline`)).status).toBe(401);
    // Each read of a case's history is audited, as every service audits a case read: allowed, and refused to another office.
    const audit = (await gateway.dataSource.query(`SELECT actor_subject, case_id, office_code, outcome FROM audit_log WHERE action = 'timeline.read' AND case_id = $1 ORDER BY occurred_at`, [
      caseId,
    ])) as Array<Record<string, unknown>>;
    // (The reads while waiting for the events above are among the allowed ones.)
    expect(audit.filter((entry) => entry.outcome === 'allowed').map((entry) => entry.office_code)).toContain('CHP');
    expect(audit.filter((entry) => entry.outcome === 'allowed').every((entry) => entry.office_code === 'CHP')).toBe(true);
    expect(audit.filter((entry) => entry.outcome === 'refused')).toEqual([expect.objectContaining({ office_code: null })]);
  });
});

import { EventContract, EventEnvelope, eventType } from '@opis/contracts-envelope';

/** A collaborator whose every method notes its name in `calls` and resolves to `answer` (by default `{}`: whatever is asked for is found). */
export function recordingStub<T extends object>(calls: string[], answer: unknown = {}): T {
  return new Proxy({} as T, {
    get: (_target, method) => async () => {
      calls.push(String(method));
      return answer;
    },
  });
}

/** An event of `contract` carrying `data`, for a handler under test. */
export function envelopeOf(contract: EventContract, data: object): EventEnvelope {
  return {
    id: '0190e0a0-0000-7000-8000-000000000001',
    type: eventType(contract.name),
    version: contract.name.version,
    caseId: '0190e0a0-0000-7000-8000-000000000002',
    officeCode: 'CHP',
    occurredAt: '2026-11-30T10:00:00.000Z',
    actor: { kind: 'system', id: 'test' },
    correlationId: '0190e0a0-0000-7000-8000-000000000003',
    caseVersion: 1,
    data,
  } as unknown as EventEnvelope;
}

/** The event types of `contracts`, sorted. */
export function eventTypesOf(contracts: readonly EventContract[]): string[] {
  return contracts.map((contract) => eventType(contract.name)).sort();
}

/**
 * The event types of `contracts` (sorted) on which `apply` calls a collaborator: it gets one event
 * of each, carrying `data`, and a fresh list its stubs note their calls in. A spec holds a
 * consumer's `handles` to its handler with it: an event left out of `handles` never reaches the
 * handler, so the two must name the same events. `data` should make every handled event act.
 */
export async function eventTypesActedOn(
  contracts: readonly EventContract[],
  data: object,
  apply: (envelope: EventEnvelope, calls: string[]) => Promise<void>,
): Promise<string[]> {
  const actedOn: string[] = [];
  for (const contract of contracts) {
    const calls: string[] = [];
    await apply(envelopeOf(contract, data), calls);
    if (calls.length > 0) actedOn.push(eventType(contract.name));
  }
  return actedOn.sort();
}

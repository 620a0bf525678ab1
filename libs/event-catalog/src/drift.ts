import { EventContract, RequestContract } from '@opis/contracts-envelope';

export function looksLikeEventContract(value: unknown): value is EventContract {
  return typeof value === 'object' && value !== null && 'name' in value && 'dataClass' in value && 'example' in value;
}

export function looksLikeRequestContract(value: unknown): value is RequestContract {
  return typeof value === 'object' && value !== null && 'requestClass' in value && 'query' in value;
}

/**
 * The event and request contracts a library exports that its catalogued lists miss: a contract
 * defined and exported but forgotten in INTAKE_EVENTS (say) would never reach the catalog.
 */
export function uncataloguedExports(
  moduleExports: Record<string, unknown>,
  catalogued: { events: readonly EventContract[]; requests: readonly RequestContract[] },
): string[] {
  return Object.entries(moduleExports)
    .filter(
      ([, value]) =>
        (looksLikeEventContract(value) && !catalogued.events.includes(value)) ||
        (looksLikeRequestContract(value) && !catalogued.requests.includes(value)),
    )
    .map(([name]) => name);
}

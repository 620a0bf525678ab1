import { EventContract, EventEnvelope, eventType, UUID_PATTERN, validateEvent } from '@opis/contracts-envelope';

export type DecodedEvent =
  | { readonly ok: true; readonly envelope: EventEnvelope; readonly contract: EventContract }
  | { readonly ok: false; readonly reason: string; readonly eventId: string | null; readonly caseRef: CaseRef | null };

/** A case and version read from a message that is not a valid event, when it names them: its dead letter then holds back that case. */
export interface CaseRef {
  caseId: string;
  caseVersion: number;
}

export function contractKey(type: string, version: number): string {
  return `${type}.v${version}`;
}

/** Index of contracts by `type.vN`; two contracts for one key is a programming error. */
export function indexContracts(contracts: readonly EventContract[]): ReadonlyMap<string, EventContract> {
  const index = new Map<string, EventContract>();
  for (const contract of contracts) {
    const key = contractKey(eventType(contract.name), contract.name.version);
    if (index.has(key)) throw new Error(`two contracts for ${key}`);
    index.set(key, contract);
  }
  return index;
}

function eventIdOf(plain: Record<string, unknown>): string | null {
  const id = plain['id'];
  return typeof id === 'string' && UUID_PATTERN.test(id) ? id : null;
}

function caseRefOf(plain: Record<string, unknown>): CaseRef | null {
  const { caseId, caseVersion } = plain;
  if (typeof caseId !== 'string' || !UUID_PATTERN.test(caseId)) return null;
  if (typeof caseVersion !== 'number' || !Number.isSafeInteger(caseVersion) || caseVersion < 1) return null;
  return { caseId: caseId.toLowerCase(), caseVersion };
}

/**
 * Bytes to a validated envelope, or the reason the message is poison. Reasons name fields and
 * rules, never values, so no personal data reaches the dead letters' reason column or logs.
 */
export function decodeEvent(data: Uint8Array, contracts: ReadonlyMap<string, EventContract>): DecodedEvent {
  let plain: unknown;
  try {
    plain = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return { ok: false, reason: 'bad JSON', eventId: null, caseRef: null };
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, reason: 'not a JSON object', eventId: null, caseRef: null };
  }
  const record = plain as Record<string, unknown>;
  const eventId = eventIdOf(record);
  const caseRef = caseRefOf(record);
  const { type, version } = record;
  if (typeof type !== 'string' || typeof version !== 'number') {
    return { ok: false, reason: 'no event type or version', eventId, caseRef };
  }
  const contract = contracts.get(contractKey(type, version));
  if (!contract) return { ok: false, reason: `unknown event ${contractKey(type, version)}`, eventId, caseRef };
  const result = validateEvent(contract, plain);
  if (!result.ok) {
    const violations = result.violations.map((v) => `${v.field || '(root)'}: ${v.rule}`).join('; ');
    return { ok: false, reason: `invalid ${contractKey(type, version)}: ${violations}`.slice(0, 2_000), eventId, caseRef };
  }
  return { ok: true, envelope: result.value, contract };
}

import { OfficeCode } from './offices';

export const SERVICE_NAMES = ['intake', 'care', 'family-contact', 'legal-status', 'repatriation', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * The first word of an event's `type`: short names where the service's is long
 * (`family.call.logged`, `legal.lock.changed`). Subjects and streams keep the service name.
 */
export const EVENT_TYPE_PREFIX: Readonly<Record<ServiceName, string>> = {
  intake: 'intake',
  care: 'care',
  'family-contact': 'family',
  'legal-status': 'legal',
  repatriation: 'repatriation',
  notifications: 'notifications',
};

/** The subject an event of this `type` and `version` is published on. */
export function subjectOfEventType(type: string, version: number, officeCode: OfficeCode): string {
  const [prefix, aggregate, event, ...rest] = type.split('.');
  const service = SERVICE_NAMES.find((name) => EVENT_TYPE_PREFIX[name] === prefix);
  if (!service || !aggregate || !event || rest.length > 0) throw new Error(`invalid event type "${type}"`);
  return eventSubject({ service, aggregate, event, version }, officeCode);
}

/** Every event subject has exactly this many tokens; stream filters rely on it. */
export const EVENT_SUBJECT_TOKENS = 6;

export interface EventName {
  service: ServiceName;
  aggregate: string;
  event: string;
  version: number;
}

const TOKEN = /^[a-z][a-z0-9-]*$/;

/**
 * The one way to build an event subject:
 * `opis.<service>.<aggregate>.<event>.v<version>.<officeCode>`.
 * The office is last so one office's traffic can be taken with a subject filter.
 */
export function eventSubject(name: EventName, officeCode: OfficeCode): string {
  for (const token of [name.aggregate, name.event]) {
    if (!TOKEN.test(token)) throw new Error(`invalid subject token "${token}"`);
  }
  if (!Number.isInteger(name.version) || name.version < 1) throw new Error(`invalid version ${name.version}`);
  return `opis.${name.service}.${name.aggregate}.${name.event}.v${name.version}.${officeCode}`;
}

/** `intake.case.registered`, `family.call.logged`: the envelope's `type`. */
export function eventType(name: EventName): string {
  return `${EVENT_TYPE_PREFIX[name.service]}.${name.aggregate}.${name.event}`;
}

/**
 * The subjects a service's event stream captures. Exactly six tokens, so request/reply
 * patterns such as `opis.intake.q.identity` (four tokens) are never captured by the stream.
 */
export function streamSubjects(service: ServiceName): string[] {
  return [`opis.${service}.*.*.*.*`];
}

/** `OPIS_INTAKE`, `OPIS_FAMILY_CONTACT`, ... */
export function streamName(service: ServiceName): string {
  return `OPIS_${service.toUpperCase().replace(/-/g, '_')}`;
}

/** Filter for one event (all offices) or one event of one office. */
export function eventFilter(name: EventName, officeCode: OfficeCode | '*' = '*'): string {
  return `opis.${name.service}.${name.aggregate}.${name.event}.v${name.version}.${officeCode}`;
}

/**
 * Every event of one aggregate (all events, versions and offices), e.g. `opis.intake.case.*.*.*`:
 * one consumer on it gets a case's events in the order they were published.
 */
export function aggregateEventsFilter(service: ServiceName, aggregate: string): string {
  if (!TOKEN.test(aggregate)) throw new Error(`invalid subject token "${aggregate}"`);
  return `opis.${service}.${aggregate}.*.*.*`;
}

/** Request/reply pattern: `opis.<service>.q.<query>`. */
export function requestPattern(service: ServiceName, query: string): string {
  if (!TOKEN.test(query)) throw new Error(`invalid query token "${query}"`);
  return `opis.${service}.q.${query}`;
}

import { EVENT_SUBJECT_TOKENS, isOfficeCode, OfficeCode } from '@opis/contracts-envelope';

import type { EventConsumerOptions } from './event-consumer-options';
import type { ConsumerSpec } from './provision';

/**
 * Which offices' events an instance applies (ARCHITECTURE.md, Scale). nats-server 2.9 takes one
 * filter subject per consumer and cannot exclude, so an instance limited to offices reads one
 * durable per office (`<durable>-<office>`, filter ending in the office), and the instance
 * without offices keeps the service's own durable and leaves the dedicated offices' events alone.
 */
export interface OfficeShare {
  /** OFFICES: this instance applies only these offices' events, through their own durables. */
  offices?: readonly OfficeCode[];
  /**
   * DEDICATED_OFFICES: offices that have instances of their own. The instance without `offices`
   * acknowledges their events without applying them; provisioning creates their durables.
   */
  dedicatedOffices?: readonly OfficeCode[];
}

/** `care-intake-case` for CHP is `care-intake-case-chp`. */
export function officeDurable(durable: string, office: OfficeCode): string {
  return `${durable}-${office.toLowerCase()}`;
}

/** `opis.intake.case.*.*.*` for CHP is `opis.intake.case.*.*.CHP`: the office is the subject's last token. */
export function officeFilterSubject(filterSubject: string, office: OfficeCode): string {
  const tokens = filterSubject.split('.');
  if (tokens.length !== EVENT_SUBJECT_TOKENS || tokens[tokens.length - 1] !== '*') {
    throw new Error(`filter "${filterSubject}" does not take every office (six tokens ending in *): it cannot be split by office`);
  }
  return [...tokens.slice(0, -1), office].join('.');
}

/** One spec per (spec, office): the office's durable and filter. The one expansion provisioning and services share. */
export function consumersForOffices<S extends Pick<ConsumerSpec, 'durable' | 'filterSubject'>>(specs: readonly S[], offices: readonly OfficeCode[]): S[] {
  const unique = [...new Set(offices)];
  return specs.flatMap((spec) =>
    unique.map((office) => ({ ...spec, durable: officeDurable(spec.durable, office), filterSubject: officeFilterSubject(spec.filterSubject, office) })),
  );
}

/**
 * What the provisioning step creates for a service: its own durables (for the instance without
 * offices) plus one per dedicated office. Without dedicated offices, exactly `specs`.
 */
export function provisionedConsumers(specs: readonly ConsumerSpec[], dedicatedOffices: readonly OfficeCode[] = []): ConsumerSpec[] {
  return [...specs, ...consumersForOffices(specs, dedicatedOffices)];
}

/** The office an event subject (`opis.<svc>.<agg>.<event>.v<n>.<OFFICE>`) is about. */
export function officeOfSubject(subject: string): OfficeCode | undefined {
  const office = subject.split('.').at(-1);
  return isOfficeCode(office) ? office : undefined;
}

/**
 * The consumers an instance starts for `options` under `share`. They all share one group (the
 * service's durable name): its per-case cursors say what the service applied, whichever
 * durable delivered it, so an office moved to or from its own instance applies nothing twice.
 */
export function consumersForShare(options: EventConsumerOptions, share: OfficeShare = {}): EventConsumerOptions[] {
  const group = options.group ?? options.durable;
  if (share.offices && share.offices.length > 0) {
    if (!options.filterSubject) throw new Error(`consumer ${options.durable} needs its filterSubject to be split by office`);
    return consumersForOffices([{ ...options, filterSubject: options.filterSubject }], share.offices).map((perOffice) => ({ ...perOffice, group }));
  }
  const dedicated = share.dedicatedOffices ?? [];
  if (dedicated.length === 0) return [{ ...options, group }];
  // The instance without offices leaves the dedicated offices' events to their instances:
  // acknowledged, recorded in its checkpoint, and never claimed, so their cursors stay theirs.
  return [{ ...options, group, leaveOffices: [...new Set([...(options.leaveOffices ?? []), ...dedicated])] }];
}

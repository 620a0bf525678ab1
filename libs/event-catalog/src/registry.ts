import { CARE_EVENTS } from '@opis/contracts-care';
import { EventContract, RequestContract, ServiceName, SERVICE_NAMES } from '@opis/contracts-envelope';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS, INTAKE_REQUESTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS, LEGAL_STATUS_REQUESTS } from '@opis/contracts-legal-status';
import { NOTIFICATIONS_EVENTS } from '@opis/contracts-notifications';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';

/** One service's contracts library: what it publishes and what it answers. */
export interface ContractLibrary {
  service: ServiceName;
  /** The library's folder under libs/contracts and its npm package name. */
  folder: string;
  packageName: string;
  events: readonly EventContract[];
  requests: readonly RequestContract[];
}

/**
 * The one place every contract of the platform is collected: the catalog, the packages and
 * the drift test read it; each contracts library keeps its own list (INTAKE_EVENTS, ...).
 */
export const CONTRACT_LIBRARIES: readonly ContractLibrary[] = [
  { service: 'intake', folder: 'intake', packageName: '@opis/contracts-intake', events: INTAKE_EVENTS, requests: INTAKE_REQUESTS },
  { service: 'care', folder: 'care', packageName: '@opis/contracts-care', events: CARE_EVENTS, requests: [] },
  {
    service: 'family-contact',
    folder: 'family-contact',
    packageName: '@opis/contracts-family-contact',
    events: FAMILY_CONTACT_EVENTS,
    requests: [],
  },
  {
    service: 'legal-status',
    folder: 'legal-status',
    packageName: '@opis/contracts-legal-status',
    events: LEGAL_STATUS_EVENTS,
    requests: LEGAL_STATUS_REQUESTS,
  },
  {
    service: 'repatriation',
    folder: 'repatriation',
    packageName: '@opis/contracts-repatriation',
    events: REPATRIATION_EVENTS,
    requests: [],
  },
  {
    service: 'notifications',
    folder: 'notifications',
    packageName: '@opis/contracts-notifications',
    events: NOTIFICATIONS_EVENTS,
    requests: [],
  },
];

export const ALL_EVENTS: readonly EventContract[] = CONTRACT_LIBRARIES.flatMap((library) => library.events);
export const ALL_REQUESTS: readonly RequestContract[] = CONTRACT_LIBRARIES.flatMap((library) => library.requests);

/** Services in the platform's order; a service without a contracts library fails here, not silently. */
export function libraryOf(service: ServiceName): ContractLibrary {
  const library = CONTRACT_LIBRARIES.find((candidate) => candidate.service === service);
  if (!library) throw new Error(`no contracts library for ${service}`);
  return library;
}

export const CATALOG_SERVICES: readonly ServiceName[] = SERVICE_NAMES;

// The timeline's event types as sentences: `event.<type>` in the catalogues. A type the
// catalogues do not know yet (a service added one) is shown as it is, never hidden.
import { ES_MX, MessageId } from './messages.es-MX';

export function eventMessageId(type: string): MessageId | null {
  const id = `event.${type}`;
  return Object.prototype.hasOwnProperty.call(ES_MX, id) ? (id as MessageId) : null;
}

/** A service's name as the officer reads it (`service.name`), or the code of one it does not know. */
export function serviceName(t: (id: MessageId, values?: Record<string, string>) => string, service: string): string {
  return t('service.name', { service: service.replace(/-/g, '_'), name: service });
}

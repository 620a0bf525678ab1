import { IntlMessageFormat } from 'intl-messageformat';

import { CARE_EVENTS } from '@opis/contracts-care';
import { eventType } from '@opis/contracts-envelope';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { NOTIFICATIONS_EVENTS } from '@opis/contracts-notifications';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';

import { eventMessageId } from './events';
import { EN } from './messages.en';
import { ES_MX } from './messages.es-MX';
import { formatDateTime } from './format';

describe('message catalogues', () => {
  it('have the same messages with the same arguments in Spanish and English, and every one parses', () => {
    expect(Object.keys(EN).sort()).toEqual(Object.keys(ES_MX).sort());
    for (const id of Object.keys(ES_MX) as (keyof typeof ES_MX)[]) {
      expect([id, argumentsOf(EN[id], 'en')]).toEqual([id, argumentsOf(ES_MX[id], 'es-MX')]);
    }
  });

  it('says every event type the services publish as a sentence on the timeline, and an unknown type as itself', () => {
    const contracts = [...INTAKE_EVENTS, ...CARE_EVENTS, ...FAMILY_CONTACT_EVENTS, ...LEGAL_STATUS_EVENTS, ...REPATRIATION_EVENTS, ...NOTIFICATIONS_EVENTS];
    const types = [...new Set(contracts.map((contract) => eventType(contract.name)))];
    expect(types.length).toBeGreaterThan(50);
    expect(types.filter((type) => eventMessageId(type) === null)).toEqual([]);
    // No sentence for a type no service publishes (a renamed event would leave one behind).
    const sentences = Object.keys(ES_MX).filter((id) => id.startsWith('event.'));
    expect(sentences.filter((id) => !types.includes(id.slice('event.'.length)))).toEqual([]);
    expect(eventMessageId('intake.case.something-new')).toBeNull();
  });

  it('shows an instant in the office’s time zone: Tijuana and Mexico City read the same deadline differently', () => {
    const deadline = '2026-03-01T18:30:00Z';
    expect(formatDateTime('es-MX', 'America/Mexico_City', deadline)).toContain('12:30');
    expect(formatDateTime('es-MX', 'America/Tijuana', deadline)).toContain('10:30');
  });
});

/** The argument names a message uses, however deep in selects and plurals. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const element = node as { type?: number; value?: unknown; options?: Record<string, { value: unknown }> };
    // Type 0 is literal text, 7 the # of a plural; the others name an argument.
    if (element.type !== undefined && element.type !== 0 && element.type !== 7 && typeof element.value === 'string') names.add(element.value);
    Object.values(element.options ?? {}).forEach((option) => walk(option.value));
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

import { IntlMessageFormat } from 'intl-messageformat';

import { EN } from './messages.en';
import { ES_MX, MessageId } from './messages.es-MX';

export type Locale = 'es-MX' | 'en';
export const LOCALES: readonly Locale[] = ['es-MX', 'en'];
export const CATALOGUES: Record<Locale, Record<MessageId, string>> = { 'es-MX': ES_MX, en: EN };

export type Values = Record<string, string | number | boolean | null | undefined>;

/** Formatters are compiled once per locale and message. */
const compiled = new Map<string, IntlMessageFormat>();

export function translate(locale: Locale, id: MessageId, values?: Values): string {
  const key = `${locale}\u0000${id}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[locale][id], locale);
    compiled.set(key, format);
  }
  return String(format.format(values as Record<string, string | number>));
}

/** An instant as the office reads it: its date and time in the office's time zone. */
export function formatDateTime(locale: Locale, timeZone: string, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

import { createContext, ReactNode, useCallback, useContext, useMemo, useState } from 'react';

import { formatDateTime, Locale, translate, Values } from './format';
import { MessageId } from './messages.es-MX';

export { LOCALES } from './format';
export type { Locale } from './format';

const LOCALE_KEY = 'opis.console.locale';

export interface Translator {
  locale: Locale;
  timeZone: string;
  t(id: MessageId, values?: Values): string;
  dateTime(iso: string | null | undefined): string;
}

const I18nContext = createContext<(Translator & { setLocale(locale: Locale): void }) | null>(null);

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(LOCALE_KEY);
  return saved === 'en' ? 'en' : 'es-MX';
}

export function I18nProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo(
    () => ({
      locale,
      timeZone,
      setLocale,
      t: (id: MessageId, values?: Values) => translate(locale, id, values),
      dateTime: (iso: string | null | undefined) => formatDateTime(locale, timeZone, iso),
    }),
    [locale, timeZone, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): Translator & { setLocale(locale: Locale): void } {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { CALLBACK_PATH, finishSignIn } from './auth/pkce';
import { forgetSession, restoreSession, saveSession, Session, sessionOf } from './auth/session';
import { I18nProvider, LOCALES, useI18n } from './i18n/i18n';
import { timeZoneOf } from './i18n/office-time-zones';
import { LiveTasksProvider } from './live/live-tasks';
import { OfflineProvider, useOffline } from './offline/offline-context';
import { Alerts } from './screens/alerts';
import { CaseView } from './screens/case-view';
import { Register } from './screens/register';
import { SignIn } from './screens/sign-in';
import { Supervision } from './screens/supervision';
import { Worklist } from './screens/worklist';
import { OutboxPanel } from './ui/outbox-panel';
import { Link, navigate, usePath } from './ui/router';

export function App({ queryClient }: { queryClient: QueryClient }) {
  const [session, setSession] = useState<Session | null>(restoreSession);
  const [refused, setRefused] = useState(false);
  const signIn = (next: Session) => {
    saveSession(next);
    setSession(next);
    navigate('/');
  };
  // Back from the identity provider with a code: exchanged for the token, or the sign-in refused.
  useEffect(() => {
    if (location.pathname !== CALLBACK_PATH) return;
    void finishSignIn(location.search).then((token) => {
      const next = token ? sessionOf(token) : null;
      if (next) {
        saveSession(next);
        setSession(next);
      } else {
        setRefused(true);
      }
      navigate('/');
    });
  }, []);
  const signOut = () => {
    forgetSession();
    queryClient.clear();
    setSession(null);
    navigate('/');
  };
  return (
    <I18nProvider timeZone={timeZoneOf(session?.offices[0])}>
      <QueryClientProvider client={queryClient}>
        {session ? (
          <OfflineProvider session={session}>
            <LiveTasksProvider session={session}>
              <Shell session={session} onSignOut={signOut} />
            </LiveTasksProvider>
          </OfflineProvider>
        ) : (
          <Frame>
            <SignIn onSignedIn={signIn} refused={refused} />
          </Frame>
        )}
      </QueryClientProvider>
    </I18nProvider>
  );
}

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="language">
      <label htmlFor="language">{t('app.language')}</label>
      <select id="language" value={locale} onChange={(event) => setLocale(event.target.value as (typeof LOCALES)[number])}>
        <option value="es-MX" lang="es-MX">
          Español (México)
        </option>
        <option value="en" lang="en">
          English
        </option>
      </select>
    </div>
  );
}

function Frame({ children, nav }: { children: React.ReactNode; nav?: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header>
        <p className="brand">{t('app.title')}</p>
        {nav}
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut(): void }) {
  const { t } = useI18n();
  const offline = useOffline();
  const path = usePath();
  const caseMatch = /^\/cases\/([0-9a-f-]{36})$/.exec(path);
  const supervisor = session.roles.includes('supervisor');
  const signOut = async () => {
    // Signing out destroys what waits on the device: never without the officer saying so.
    const waiting = offline.entries.length;
    if (waiting > 0 && !confirm(t('nav.signOutWaiting', { count: waiting }))) return;
    await offline.clear();
    onSignOut();
  };
  const nav = (
    <nav aria-label={t('nav.main')}>
      <ul>
        <li>
          <Link href="/" aria-current={path === '/' ? 'page' : undefined}>
            {t('nav.worklist')}
          </Link>
        </li>
        <li>
          <Link href="/register" aria-current={path === '/register' ? 'page' : undefined}>
            {t('nav.register')}
          </Link>
        </li>
        {supervisor && (
          <li>
            <Link href="/alerts" aria-current={path === '/alerts' ? 'page' : undefined}>
              {t('nav.alerts')}
            </Link>
          </li>
        )}
        {supervisor && (
          <li>
            <Link href="/supervision" aria-current={path === '/supervision' ? 'page' : undefined}>
              {t('nav.supervision')}
            </Link>
          </li>
        )}
        <li>
          <button type="button" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </li>
      </ul>
    </nav>
  );
  return (
    <Frame nav={nav}>
      <p className="who">{t('session.who', { subject: session.subject, roles: session.roles.join(', '), offices: session.offices.join(', ') })}</p>
      <p role="status" className={offline.online ? 'online' : 'offline'}>
        {offline.online ? t('app.online') : t('app.offline')} · {t('app.pending', { count: offline.entries.filter((entry) => entry.state === 'pending').length })}
      </p>
      <OutboxPanel />
      {path === '/register' ? (
        <Register session={session} />
      ) : path === '/alerts' && supervisor ? (
        <Alerts />
      ) : path === '/supervision' && supervisor ? (
        <Supervision />
      ) : caseMatch ? (
        <CaseView caseId={caseMatch[1]} roles={session.roles} />
      ) : (
        <Worklist />
      )}
    </Frame>
  );
}

import { FormEvent, useState } from 'react';

import { Session, sessionOf } from '../auth/session';
import { useI18n } from '../i18n/i18n';

/**
 * Production signs in with the agency's identity provider (authorization code with PKCE; its
 * address comes from VITE_OIDC_AUTHORIZE_URL at build time, docs/console/README.md). Here, a
 * development token from `npm run token` is pasted: the services accept it only with AUTH_DEV_KEYS.
 */
export function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  const oidc = import.meta.env.VITE_OIDC_AUTHORIZE_URL as string | undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const session = sessionOf(token);
    setInvalid(!session);
    if (session) onSignedIn(session);
  };

  return (
    <section aria-labelledby="sign-in-title" className="panel narrow">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {oidc ? (
        <a className="button" href={oidc}>
          {t('signIn.oidc')}
        </a>
      ) : (
        <p>{t('signIn.oidcMissing')}</p>
      )}
      <form onSubmit={submit} noValidate>
        <h2>{t('signIn.devTitle')}</h2>
        <p id="dev-help">{t('signIn.devHelp')}</p>
        <label htmlFor="dev-token">{t('signIn.token')}</label>
        <textarea
          id="dev-token"
          name="token"
          rows={4}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-describedby={invalid ? 'dev-help dev-error' : 'dev-help'}
          aria-invalid={invalid}
          autoComplete="off"
          spellCheck={false}
          required
        />
        {invalid && (
          <p id="dev-error" role="alert" className="error">
            {t('signIn.invalid')}
          </p>
        )}
        <button type="submit">{t('signIn.submit')}</button>
      </form>
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';

import { SignInConfig, startSignIn } from '../auth/pkce';
import { Session, sessionOf } from '../auth/session';
import { useI18n } from '../i18n/i18n';

/**
 * Production signs in with the agency's identity provider (authorization code with PKCE), when
 * the gateway has one configured (GET /auth/config). In development a token from `npm run token`
 * is pasted: the services accept it only with AUTH_DEV_KEYS, refused in production.
 */
export function SignIn({ onSignedIn, refused }: { onSignedIn(session: Session): void; refused?: boolean }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  const config = useQuery({
    queryKey: ['sign-in-config'],
    queryFn: async () => (await fetch('/auth/config')).json() as Promise<SignInConfig>,
    retry: false,
  });
  const oidc = config.data?.enabled ? config.data : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const session = sessionOf(token);
    setInvalid(!session);
    if (session) onSignedIn(session);
  };

  return (
    <section aria-labelledby="sign-in-title" className="panel narrow">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {refused && (
        <p role="alert" className="error">
          {t('signIn.refused')}
        </p>
      )}
      {oidc ? (
        <button type="button" onClick={() => void startSignIn(oidc)}>
          {t('signIn.oidc')}
        </button>
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

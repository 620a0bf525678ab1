// Sign-in with the agency's identity provider: authorization code with PKCE (RFC 7636). The
// verifier and the state wait in this tab's sessionStorage while the officer is at the provider;
// the gateway exchanges the code (POST /auth/token) for the access token the services verify.
const PENDING_KEY = 'opis.console.oidc';
export const CALLBACK_PATH = '/auth/callback';

export interface SignInConfig {
  enabled: boolean;
  authorizeUrl: string | null;
  clientId: string | null;
  scope: string;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomVerifier(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** S256: base64url(SHA-256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function authorizeUrl(config: SignInConfig, redirectUri: string, state: string, challenge: string): string {
  const url = new URL(config.authorizeUrl ?? '');
  // The provider's own parameters (a tenant, a realm) stay.
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId ?? '',
    redirect_uri: redirectUri,
    scope: config.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** Sends the officer to the provider. */
export async function startSignIn(config: SignInConfig): Promise<void> {
  const verifier = randomVerifier();
  const state = randomVerifier();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(config, `${location.origin}${CALLBACK_PATH}`, state, await challengeOf(verifier)));
}

/** Back from the provider: the access token for the code, or null if the answer is not the one this tab asked for. */
export async function finishSignIn(search: string): Promise<string | null> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  const params = new URLSearchParams(search);
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) return null;
  const response = await fetch('/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, codeVerifier: pending.verifier, redirectUri: `${location.origin}${CALLBACK_PATH}` }),
  });
  if (!response.ok) return null;
  return ((await response.json()) as { accessToken: string }).accessToken;
}

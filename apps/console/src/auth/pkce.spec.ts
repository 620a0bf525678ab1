import { createHash } from 'node:crypto';

import { authorizeUrl, challengeOf, randomVerifier } from './pkce';

describe('PKCE', () => {
  it('makes verifiers RFC 7636 allows, and their S256 challenge as another SHA-256 computes it', async () => {
    const verifier = randomVerifier();

    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomVerifier()).not.toBe(verifier);
    expect(await challengeOf(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('asks the provider for a code with the challenge, the state and where to come back', () => {
    const url = new URL(authorizeUrl({ enabled: true, authorizeUrl: 'https://idp.example.gob.mx/authorize?tenant=inm', clientId: 'opis-console', scope: 'openid' }, 'https://opis.example/auth/callback', 'state-1', 'challenge-1'));

    expect(url.origin + url.pathname).toBe('https://idp.example.gob.mx/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'inm',
      response_type: 'code',
      client_id: 'opis-console',
      redirect_uri: 'https://opis.example/auth/callback',
      scope: 'openid',
      state: 'state-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
    });
  });
});

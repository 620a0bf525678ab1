// The officer's session in the browser: the bearer token the services verify, kept for this tab
// only (sessionStorage), and the claims read from it to show who is signed in and which offices
// they work for. The claims are read, not verified: every service verifies the token itself.
const TOKEN_KEY = 'opis.console.token';

export interface Session {
  token: string;
  subject: string;
  roles: string[];
  offices: string[];
  /** Seconds since the epoch. */
  expiresAt: number;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The session a token gives, or null if it is not a JWT with subject, roles, offices and a future expiry. */
export function sessionOf(token: string, nowSeconds = Date.now() / 1000): Session | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as Record<string, unknown>;
    const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return null;
    return { token: token.trim(), subject: claims.sub, roles: strings(claims.roles), offices: strings(claims.offices), expiresAt: claims.exp };
  } catch {
    return null;
  }
}

export function restoreSession(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? sessionOf(token) : null;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(TOKEN_KEY, session.token);
}

export function forgetSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

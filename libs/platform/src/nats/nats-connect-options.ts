/** Where and as whom to connect to NATS. */
export interface NatsConnectOptions {
  servers: string[];
  user?: string;
  pass?: string;
  /** Where this connection's replies arrive: `_INBOX_<user>`, see {@link inboxPrefixOf}. */
  inboxPrefix?: string;
  noAsyncTraces: boolean;
  maxReconnectAttempts: number;
}

/**
 * The inbox prefix of a NATS user: the replies to its requests (NestJS ClientNats, nc.request,
 * JetStream's PubAcks, API answers and pulled messages) arrive on `_INBOX_<user>.<nuid>...`, and
 * deploy/nats/nats.conf lets the user subscribe to `_INBOX_<user>.>` only. Taken from the user,
 * not configured beside it, so that the prefix and the permission cannot drift apart.
 *
 * `_INBOX_<user>` rather than `_INBOX.<user>`: its first token is the user's own, so no
 * permission short of `>` covers two services' inboxes, and `_INBOX.>` (what the NATS docs
 * suggest allowing, and what any client without a prefix uses) covers none of them.
 */
export function inboxPrefixOf(user: string): string {
  // A dot would split the prefix into tokens that another user's `_INBOX_<user>.>` might match;
  // anything else outside a subject token would break every request.
  if (!/^[A-Za-z0-9_-]+$/.test(user)) throw new Error(`NATS user "${user}" cannot name an inbox prefix: letters, digits, '-' and '_' only`);
  return `_INBOX_${user}`;
}

/**
 * Connection options from NATS_URL. The NATS client (@nats-io/transport-node 3.x, also under
 * @nestjs/microservices) ignores a user and password written in a server URL, so those of
 * `nats://intake:<password>@nats:4222` become options; the servers keep no credentials.
 * A user also gets its own inbox prefix: every connection a service opens (request clients,
 * JetStream, the request/reply transport) is built from these options, so all of them receive
 * replies where only that user may listen. Without a user (local development, tests without
 * auth) the client's default `_INBOX` stays: there are no permissions to agree with.
 */
export function natsConnectOptions(natsUrl: string | readonly string[]): NatsConnectOptions {
  const urls = typeof natsUrl === 'string' ? natsUrl.split(',').map((url) => url.trim()).filter(Boolean) : [...natsUrl];
  let user: string | undefined;
  let pass: string | undefined;
  const servers = urls.map((raw) => {
    const url = new URL(raw);
    if (url.username) {
      user ??= decodeURIComponent(url.username);
      pass ??= decodeURIComponent(url.password);
    }
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  });
  const behaviour = {
    // Otherwise every request, and so every JetStream publish, builds an Error (a stack trace) in
    // case it fails: 0.3 ms of each service's CPU per event here, for a call site in a timeout's trace.
    noAsyncTraces: true,
    // Reconnect for as long as NATS is away. With the client's default (10 attempts, 2 s apart)
    // the request/reply transport's connections closed 20 s into bench:platform's 60 s outage,
    // and nats.js never reopens a closed connection.
    maxReconnectAttempts: -1,
  };
  return user ? { servers, user, pass, inboxPrefix: inboxPrefixOf(user), ...behaviour } : { servers, ...behaviour };
}

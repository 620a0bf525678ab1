/** Where and as whom to connect to NATS. */
export interface NatsConnectOptions {
  servers: string[];
  user?: string;
  pass?: string;
  noAsyncTraces: boolean;
  maxReconnectAttempts: number;
}

/**
 * Connection options from NATS_URL. The NATS client (@nats-io/transport-node 3.x, also under
 * @nestjs/microservices) ignores a user and password written in a server URL, so those of
 * `nats://intake:<password>@nats:4222` become options; the servers keep no credentials.
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
  return user ? { servers, user, pass, ...behaviour } : { servers, ...behaviour };
}

import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Logger } from 'pino';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';

import { Constructor, validateContract } from '@opis/contracts-envelope';

import { mintToken } from '../auth/dev-keys';
import { Role } from '../auth/principal';
import { natsConnectOptions } from '../nats/nats-connect-options';

/** Why a request got no usable answer: every one of them means "no" to a protective decision. */
export type SilenceReason = 'timeout' | 'error' | 'invalid-reply' | 'no-credential';

export type FailSafeAnswer<R> = { kind: 'answered'; reply: R } | { kind: 'silent'; why: SilenceReason };

/** A dev service token minted with the local dev key when no token is configured (never in production). */
export interface DevServiceToken {
  subject: string;
  roles: readonly Role[];
  offices: readonly string[];
  keysDirectory?: string;
}

export interface FailSafeRequestClientOptions<R extends object> {
  natsUrl: string;
  /** The request pattern as sent on the wire (namespaced in tests). */
  subject: string;
  /** The reply contract: anything that does not validate is treated as silence. */
  replyClass: Constructor<R>;
  timeoutMs: number;
  /** The NATS connection name, e.g. `family-contact-client`. */
  connectionName: string;
  /** The caller's service token, sent as `token` in every request; without one, every answer is silence. */
  token?: string;
  /** Set only when AUTH_DEV_KEYS is on (refused in production). */
  devToken?: DevServiceToken;
  logger: Logger;
}

/**
 * A NATS request/reply client for decisions that protect a child (ARCHITECTURE.md: "no answer
 * means no"): a timeout on every call (STYLE.md rule 9), the reply validated against its contract,
 * the caller's service token in each request. `send` never throws: anything but a valid answer
 * is `silent`, and the caller refuses.
 */
export class FailSafeRequestClient<R extends object> {
  private readonly client: ClientProxy;
  private token: string | undefined;

  constructor(private readonly options: FailSafeRequestClientOptions<R>) {
    this.client = ClientProxyFactory.create({ transport: Transport.NATS, options: { ...natsConnectOptions(options.natsUrl), name: options.connectionName } });
    this.token = options.token;
  }

  /** Mints the dev token if needed and connects; NATS down is not fatal (the next request retries). */
  public async connect(): Promise<void> {
    const dev = this.options.devToken;
    if (!this.token && dev) {
      this.token = await mintToken({ roles: dev.roles, offices: dev.offices, subject: dev.subject, ttl: '30d', keysDirectory: dev.keysDirectory });
    }
    if (!this.token) this.options.logger.warn({ subject: this.options.subject }, 'no service token: every request is refused (fail safe)');
    await this.client.connect().catch((error: unknown) => {
      this.options.logger.warn({ err: error, subject: this.options.subject }, 'request client not connected yet; it retries on the next request');
    });
  }

  public async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * Sends `payload` with the token added; `accept` checks that a valid reply answers this request
   * (e.g. the same case id), so a stray or mismatched answer is silence too.
   */
  public async send(payload: Record<string, unknown>, accept: (reply: R) => boolean = () => true): Promise<FailSafeAnswer<R>> {
    if (!this.token) return { kind: 'silent', why: 'no-credential' };
    try {
      const raw: unknown = await firstValueFrom(this.client.send(this.options.subject, { ...payload, token: this.token }).pipe(timeout(this.options.timeoutMs)));
      const reply = validateContract(this.options.replyClass, raw);
      if (!reply.ok || !accept(reply.value)) return { kind: 'silent', why: 'invalid-reply' };
      return { kind: 'answered', reply: reply.value };
    } catch (error) {
      if (error instanceof TimeoutError) return { kind: 'silent', why: 'timeout' };
      // A refusal by the responder (unknown case, token refused) is logged by code only: no personal data.
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
      this.options.logger.warn({ code, subject: this.options.subject }, 'request failed');
      return { kind: 'silent', why: 'error' };
    }
  }
}

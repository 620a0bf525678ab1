import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';

import { validateContract } from '@opis/contracts-envelope';
import { LEGAL_PROTECTION_STATUS_PATTERN, ProtectionStatusReply, ProtectionStatusRequest } from '@opis/contracts-legal-status';
import { namespacedSubject } from '@opis/messaging';
import { PinoLoggerService } from '@opis/platform';

import { FamilyContactConfig } from '../family-contact.config';

export const LEGAL_STATUS_NAMESPACE = Symbol('LEGAL_STATUS_NAMESPACE');

export type ProtectionAnswer =
  | { kind: 'answered'; reply: ProtectionStatusReply }
  | { kind: 'silent'; why: 'timeout' | 'error' | 'invalid-reply' };

/** Asks legal-status over NATS request/reply, with a timeout on every call (STYLE.md rule 9). */
@Injectable()
export class LegalStatusClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly client: ClientProxy;
  private readonly pattern: string;

  constructor(
    private readonly config: FamilyContactConfig,
    private readonly logger: PinoLoggerService,
    @Inject(LEGAL_STATUS_NAMESPACE) namespace: string | undefined,
  ) {
    this.client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: config.NATS_URL, name: 'family-contact-client' } });
    this.pattern = namespacedSubject(LEGAL_PROTECTION_STATUS_PATTERN, namespace);
  }

  public async onApplicationBootstrap(): Promise<void> {
    // Connected at boot so the first consular check does not pay for it; NATS down is not fatal.
    await this.client.connect().catch((error: unknown) => {
      this.logger.pino.warn({ err: error }, 'legal-status client not connected yet; it retries on the next request');
    });
  }

  public async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /** Never throws: anything but a valid answer for this case is "silent" (the caller refuses). */
  public async protectionStatus(caseId: string): Promise<ProtectionAnswer> {
    const request: ProtectionStatusRequest = { caseId };
    try {
      const raw: unknown = await firstValueFrom(
        this.client.send(this.pattern, request).pipe(timeout(this.config.LEGAL_STATUS_TIMEOUT_MS)),
      );
      const reply = validateContract(ProtectionStatusReply, raw);
      if (!reply.ok || reply.value.caseId !== caseId) return { kind: 'silent', why: 'invalid-reply' };
      return { kind: 'answered', reply: reply.value };
    } catch (error) {
      if (error instanceof TimeoutError) return { kind: 'silent', why: 'timeout' };
      this.logger.pino.warn({ err: error }, 'legal-status protection-status request failed');
      return { kind: 'silent', why: 'error' };
    }
  }
}

import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';

import { OFFICE_CODES, validateContract } from '@opis/contracts-envelope';
import { CaseStatusReply, CaseStatusRequest, LEGAL_CASE_STATUS_PATTERN } from '@opis/contracts-legal-status';
import { namespacedSubject } from '@opis/messaging';
import { mintToken, PinoLoggerService } from '@opis/platform';

import { FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig } from '../family-contact.config';

export const LEGAL_STATUS_NAMESPACE = Symbol('LEGAL_STATUS_NAMESPACE');

export type CaseStatusAnswer =
  | { kind: 'answered'; reply: CaseStatusReply }
  | { kind: 'silent'; why: 'timeout' | 'error' | 'invalid-reply' | 'no-credential' };

/**
 * Asks legal-status over NATS request/reply (`opis.legal-status.q.case-status`), with a timeout
 * on every call (STYLE.md rule 9) and family-contact's service token in the request.
 */
@Injectable()
export class LegalStatusClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly client: ClientProxy;
  private readonly pattern: string;
  private token: string | undefined;

  constructor(
    private readonly config: FamilyContactConfig,
    private readonly logger: PinoLoggerService,
    @Inject(LEGAL_STATUS_NAMESPACE) namespace: string | undefined,
  ) {
    this.client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: config.NATS_URL, name: 'family-contact-client' } });
    this.pattern = namespacedSubject(LEGAL_CASE_STATUS_PATTERN, namespace);
    this.token = config.LEGAL_STATUS_TOKEN;
  }

  public async onApplicationBootstrap(): Promise<void> {
    if (!this.token && this.config.AUTH_DEV_KEYS) {
      // Local development only (AUTH_DEV_KEYS is refused in production): a dev service token.
      this.token = await mintToken({
        roles: ['integration'],
        offices: this.config.OFFICES ?? [...OFFICE_CODES],
        subject: `svc-${FAMILY_CONTACT_SERVICE_NAME}`,
        ttl: '30d',
      });
    }
    if (!this.token) this.logger.pino.warn('LEGAL_STATUS_TOKEN is not set: legal-status will refuse, so consular contact is refused');
    // Connected at boot so the first consular check does not pay for it; NATS down is not fatal.
    await this.client.connect().catch((error: unknown) => {
      this.logger.pino.warn({ err: error }, 'legal-status client not connected yet; it retries on the next request');
    });
  }

  public async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /** Never throws: anything but a valid answer for this case is "silent" (the caller refuses). */
  public async caseStatus(caseId: string): Promise<CaseStatusAnswer> {
    if (!this.token) return { kind: 'silent', why: 'no-credential' };
    const request: CaseStatusRequest = { token: this.token, caseId };
    try {
      const raw: unknown = await firstValueFrom(
        this.client.send(this.pattern, request).pipe(timeout(this.config.LEGAL_STATUS_TIMEOUT_MS)),
      );
      const reply = validateContract(CaseStatusReply, raw);
      if (!reply.ok || reply.value.caseId !== caseId) return { kind: 'silent', why: 'invalid-reply' };
      return { kind: 'answered', reply: reply.value };
    } catch (error) {
      if (error instanceof TimeoutError) return { kind: 'silent', why: 'timeout' };
      // An RPC refusal (unknown case, token refused) is logged by code only: no personal data.
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
      this.logger.pino.warn({ code }, 'legal-status case-status request failed');
      return { kind: 'silent', why: 'error' };
    }
  }
}

import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { CaseStatusReply, LEGAL_CASE_STATUS_PATTERN } from '@opis/contracts-legal-status';
import { namespacedSubject } from '@opis/messaging';
import { FailSafeAnswer, FailSafeRequestClient, PinoLoggerService } from '@opis/platform';

import { FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig } from '../family-contact.config';

export const LEGAL_STATUS_NAMESPACE = Symbol('LEGAL_STATUS_NAMESPACE');

export type CaseStatusAnswer = FailSafeAnswer<CaseStatusReply>;

/**
 * Asks legal-status over NATS request/reply (`opis.legal-status.q.case-status`) through the
 * platform's fail-safe client, with family-contact's service token in the request.
 */
@Injectable()
export class LegalStatusClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly client: FailSafeRequestClient<CaseStatusReply>;

  constructor(config: FamilyContactConfig, logger: PinoLoggerService, @Inject(LEGAL_STATUS_NAMESPACE) namespace: string | undefined) {
    this.client = new FailSafeRequestClient({
      natsUrl: config.NATS_URL,
      subject: namespacedSubject(LEGAL_CASE_STATUS_PATTERN, namespace),
      replyClass: CaseStatusReply,
      timeoutMs: config.LEGAL_STATUS_TIMEOUT_MS,
      connectionName: 'family-contact-client',
      token: config.LEGAL_STATUS_TOKEN,
      // Local development only (AUTH_DEV_KEYS is refused in production): a dev service token.
      devToken: config.AUTH_DEV_KEYS
        ? { roles: ['integration'], offices: config.OFFICES ?? [...OFFICE_CODES], subject: `svc-${FAMILY_CONTACT_SERVICE_NAME}` }
        : undefined,
      logger: logger.pino,
    });
  }

  public async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
  }

  public async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /** Never throws: anything but a valid answer for this case is "silent" (the caller refuses). */
  public async caseStatus(caseId: string): Promise<CaseStatusAnswer> {
    return this.client.send({ caseId }, (reply) => reply.caseId === caseId);
  }
}

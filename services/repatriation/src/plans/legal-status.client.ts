import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { CaseStatusReply, LEGAL_CASE_STATUS_PATTERN } from '@opis/contracts-legal-status';
import { namespacedSubject } from '@opis/messaging';
import { FailSafeAnswer, FailSafeRequestClient, PinoLoggerService } from '@opis/platform';

import { REPATRIATION_SERVICE_NAME, RepatriationConfig } from '../repatriation.config';

export const LEGAL_STATUS_NAMESPACE = Symbol('LEGAL_STATUS_NAMESPACE');

/** Asks legal-status (`opis.legal-status.q.case-status`) at approval and departure; silence means no (INV-01). */
@Injectable()
export class LegalStatusClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly client: FailSafeRequestClient<CaseStatusReply>;

  constructor(config: RepatriationConfig, logger: PinoLoggerService, @Inject(LEGAL_STATUS_NAMESPACE) namespace: string | undefined) {
    this.client = new FailSafeRequestClient({
      natsUrl: config.NATS_URL,
      subject: namespacedSubject(LEGAL_CASE_STATUS_PATTERN, namespace),
      replyClass: CaseStatusReply,
      timeoutMs: config.LEGAL_STATUS_TIMEOUT_MS,
      connectionName: 'repatriation-client',
      token: config.LEGAL_STATUS_TOKEN,
      // Local development only (AUTH_DEV_KEYS is refused in production): a dev service token.
      devToken: config.AUTH_DEV_KEYS
        ? { roles: ['integration'], offices: config.OFFICES ?? [...OFFICE_CODES], subject: `svc-${REPATRIATION_SERVICE_NAME}` }
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

  public async caseStatus(caseId: string): Promise<FailSafeAnswer<CaseStatusReply>> {
    return this.client.send({ caseId }, (reply) => reply.caseId === caseId);
  }
}

import { FactoryProvider } from '@nestjs/common';

import { LegalStatusClient } from '@opis/legal-status-client';
import { PinoLoggerService } from '@opis/platform';

import { REPATRIATION_SERVICE_NAME, RepatriationConfig } from '../repatriation.config';

/** The shared legal-status client with repatriation's token and timeout. */
export function legalStatusClientProvider(namespace: string | undefined): FactoryProvider<LegalStatusClient> {
  return {
    provide: LegalStatusClient,
    inject: [RepatriationConfig, PinoLoggerService],
    useFactory: (config: RepatriationConfig, logger: PinoLoggerService) =>
      new LegalStatusClient({
        serviceName: REPATRIATION_SERVICE_NAME,
        natsUrl: config.NATS_URL,
        namespace,
        timeoutMs: config.LEGAL_STATUS_TIMEOUT_MS,
        token: config.LEGAL_STATUS_TOKEN,
        devKeys: config.AUTH_DEV_KEYS,
        offices: config.OFFICES,
        logger: logger.pino,
      }),
  };
}

import { FactoryProvider } from '@nestjs/common';

import { LegalStatusClient } from '@opis/legal-status-client';
import { PinoLoggerService } from '@opis/platform';

import { FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig } from '../family-contact.config';

/** The shared legal-status client with family-contact's token and timeout. */
export function legalStatusClientProvider(namespace: string | undefined): FactoryProvider<LegalStatusClient> {
  return {
    provide: LegalStatusClient,
    inject: [FamilyContactConfig, PinoLoggerService],
    useFactory: (config: FamilyContactConfig, logger: PinoLoggerService) =>
      new LegalStatusClient({
        serviceName: FAMILY_CONTACT_SERVICE_NAME,
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

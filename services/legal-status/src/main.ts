import 'reflect-metadata';

import { loadConfig, runEntryPoint, startHttpService } from '@opis/platform';

import { LEGAL_STATUS_SERVICE_NAME, LegalStatusConfig } from './legal-status.config';
import { LegalStatusModule } from './legal-status.module';
import { RESPONSE_SCHEMAS } from './openapi-responses.generated';

async function main(): Promise<void> {
  const config = loadConfig(LegalStatusConfig);
  await startHttpService(LegalStatusModule.register(config), {
    config,
    serviceName: LEGAL_STATUS_SERVICE_NAME,
    title: 'OPIS legal status',
    description:
      'The child’s migration procedure (PAM) and international protection (COMAR) as state machines, best-interests records, informing and hearing the child, and the protection lock (opis.legal-status.q.case-status).',
    responses: RESPONSE_SCHEMAS,
  });
}

runEntryPoint(main);

import 'reflect-metadata';

import { loadConfig, runEntryPoint, startHttpService } from '@opis/platform';

import { RESPONSE_SCHEMAS } from './openapi-responses.generated';
import { FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig } from './family-contact.config';
import { FamilyContactModule } from './family-contact.module';

async function main(): Promise<void> {
  const config = loadConfig(FamilyContactConfig);
  await startHttpService(FamilyContactModule.register(config), {
    config,
    responses: RESPONSE_SCHEMAS,
    serviceName: FAMILY_CONTACT_SERVICE_NAME,
    title: 'OPIS family contact',
    description:
      'Free phone calls for the child, encrypted family contacts, tracing, verification and risk screening, consular notification (refused under protection, fail safe) and reunification.',
    // It asks legal-status; it answers no request itself.
    requestReply: false,
  });
}

runEntryPoint(main);

import 'reflect-metadata';

import { loadConfig, runEntryPoint, startHttpService } from '@opis/platform';

import { RESPONSE_SCHEMAS } from './openapi-responses.generated';
import { REPATRIATION_SERVICE_NAME, RepatriationConfig } from './repatriation.config';
import { RepatriationModule } from './repatriation.module';

async function main(): Promise<void> {
  const config = loadConfig(RepatriationConfig);
  await startHttpService(RepatriationModule.register(config), {
    config,
    responses: RESPONSE_SCHEMAS,
    serviceName: REPATRIATION_SERVICE_NAME,
    title: 'OPIS repatriation',
    description:
      'Assisted return of foreign children (plans checked against every precondition, INV-01, INV-02, LM-13, RP-01..08; escorts, legs, departure, acta de entrega) and reception of Mexican children returned from the USA (US-01..07).',
  });
}

runEntryPoint(main);
